"""Similarity runs built by hand for the report's tests: hostile learner ids (markup, a path,
spaces, accents, a spreadsheet formula), code with `</script>` in a string, answers with HTML."""

from __future__ import annotations

from grader.similarity.model import (
    ClassPair,
    Cluster,
    Fragment,
    ModuleSimilarity,
    Pair,
    SharedResult,
    Similarity,
    Skipped,
)

SCRIPT_ID = "<script>alert('id')</script>"
PATH_ID = "../x"
SPACED_ID = "Zoë Ångström"  # a space and accents
FORMULA_ID = "=HYPERLINK(\"http://evil\")"
ANSWER = "<img src=x onerror=alert('got')>4.2"
WORD = "</script><b>tmp_sum_err</b>"


def code(learner: str, lines: int = 30) -> str:
    """A submission of `lines` lines, with `</script>` and markup in a string and a comment."""
    body = [f'"""{learner}\'s regression."""', "import numpy as np", ""]
    body += [f"def step_{i}(x):  # </script><script>alert({i})</script>" if i % 5 == 0
             else f"    total_{i} = np.sum(x) * {i}  # '</script>'" for i in range(lines - 4)]
    body.append('TAG = "</script><img src=x onerror=alert(1)>"')
    return "\n".join(body) + "\n"


def pair(a: str, b: str, *, module: str = "regression", score: float = 10.0,
         fragments: tuple[Fragment, ...] = (), results: tuple[SharedResult, ...] = (),
         words: tuple[str, ...] = (), share: float = 0.5) -> Pair:
    a, b = sorted((a, b))
    return Pair(module=module, a=a, b=b, score=score, code_share=share,
                shared_fingerprints=12 if fragments else 0,
                longest=fragments[0] if fragments else None, fragments=fragments,
                results=results, words=words)


STRONG = pair(SCRIPT_ID, SPACED_ID, score=42.0, share=0.8333,
              fragments=(Fragment((12, 25), (14, 27), 60), Fragment((3, 5), (20, 22), 15)),
              results=(SharedResult("test_mse_hidden_scale", "MSE on a <b>scaled</b> set",
                                    "failed", ANSWER, 2),),
              words=("tmp_sum_err", WORD))
FORMULA = pair(FORMULA_ID, PATH_ID, score=20.0, share=0.4,
               fragments=(Fragment((4, 9), (6, 11), 30),))
WEAK = pair("ben", "cy", score=3.0, share=0.004,
            results=(SharedResult("test_r2_hidden", "R²", "error", "ZeroDivisionError", 3),))


def sample(*pairs: Pair) -> Similarity:
    """Three modules: regression with `pairs` (STRONG, FORMULA, WEAK by default) and a cluster,
    classification with none and a skipped submission, clustering with one pair."""
    pairs = pairs or (STRONG, FORMULA, WEAK)
    learners = sorted({who for p in pairs for who in p.learners})
    other = pair("ben", SPACED_ID, module="clustering", score=5.0,
                 fragments=(Fragment((1, 3), (1, 3), 12),))
    modules = (
        ModuleSimilarity("regression", 120, 40, pairs,
                         clusters=(Cluster("regression", tuple(sorted((
                             "ben", "cy", SCRIPT_ID))), 2),)),
        ModuleSimilarity("classification", 118, 0, (),
                         skipped=(Skipped("classification", PATH_ID, "no code in it <b>!</b>"),)),
        ModuleSimilarity("clustering", 80, 3, (other,)),
    )
    sources = {("regression", who): code(who) for who in learners}
    sources |= {("clustering", who): code(who, 10) for who in other.learners}
    return Similarity(
        course_title="Machine learning <i>101</i>",
        generated_at="2026-12-07T12:00:00+00:00",
        modules=modules,
        class_pairs=(ClassPair(SPACED_ID, "ben", ("regression", "clustering"), 47.0),
                     ClassPair(FORMULA_ID, PATH_ID, ("regression",), 20.0)),
        sources=sources,
    )
