"""Similar submissions: which learners' work looks copied, and why, for the instructor alone.

    run = find_similar(db=..., course=..., out=...)   # reads the gradebook, writes the report

The submissions of a module are cut into normalised tokens (tree-sitter), fingerprinted
(k-grams, winnowed), the starter code's and common fingerprints dropped; pairs that share rare
fingerprints or rare identical check results are ranked by that evidence.
"""
