"""The coding assistant: suggested rows for one article, each resting on a verbatim sentence, for an analyst to review.

sentences -> mentions (actors, places) -> speakers -> statements | counts -> incidents (and officials
killed) | figures -> duplicates -> suggest (the review-file rows). Rule-based on the dictionary's own
vocabularies and its `coding` lexicons: no model, nothing downloaded.
"""
