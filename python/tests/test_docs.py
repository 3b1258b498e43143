"""The README's Python example and the package's docstring examples run as doctests, so
that what they show is what the package gives."""

import doctest
import re

import zhenggai
from conftest import ROOT, need_module

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def test_the_readmes_python_example():
    need_module("pandas", "pip install 'zhenggai[pandas]'")
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("\n## Python\n"):]
    block = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    test = doctest.DocTestParser().get_doctest(block, {}, "README.md (Python)", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0 and result.attempted > 5


def test_the_docstring_examples():
    result = doctest.testmod(zhenggai, optionflags=FLAGS)
    assert result.failed == 0 and result.attempted > 0
