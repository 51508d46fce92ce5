"""Coding a new article: register it, get suggested rows for an analyst to review, add the rows accepted.

register (add-source) -> suggest: sentences -> mentions (actors, places) -> speakers -> statements |
counts -> incidents (and officials killed) | figures -> duplicates -> the review file's rows (review
writes and reads it) -> accept. Rule-based on the dictionary's own vocabularies and its `coding`
lexicons: no model, nothing downloaded. Every write is all or nothing, after the data with it
validates (store).
"""
