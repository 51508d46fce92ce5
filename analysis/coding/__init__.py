"""Coding a new article: register it (register), write and read the review file of suggested rows (review),
add the rows an analyst accepted (accept). The suggestions themselves come from `suggest`.

Every write here is all or nothing, and only after the data with it validates (store).
"""
