"""Type stubs of the extension module: the Rust pipeline behind :mod:`zhenggai`.

Records come as dicts (what ``json.loads`` makes of the CLI's line); reports cross as
JSON text, which :mod:`zhenggai` turns into dicts.
"""

from os import PathLike
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

DEFAULT_MAX_BYTES: int
DEFAULT_THRESHOLD: float

class Error(Exception):
    """What zhenggai cannot use: a rule folder, a gold folder, a comparison's input, an
    option's value. ``str(e)`` is ``path: cause``."""

    path: Optional[str]
    """The file at fault, None when there is none (an option's value)."""
    cause: str
    """What is wrong."""

class Pipeline:
    def __init__(
        self,
        rules: Sequence[Union[str, PathLike[str]]] = ...,
        no_default_rules: bool = False,
        no_model: bool = False,
    ) -> None: ...
    def extract(
        self,
        content: bytes,
        id: str,
        path: str,
        *,
        ref_date: Optional[str] = None,
        explain: bool = False,
        emit_text: bool = False,
        encoding: Optional[str] = None,
        max_bytes: int = ...,
    ) -> Dict[str, Any]: ...
    def extract_many(
        self,
        items: Iterator[Tuple[str, str, bytes]],
        *,
        jobs: Optional[int] = None,
        ref_date: Optional[str] = None,
        explain: bool = False,
        emit_text: bool = False,
        encoding: Optional[str] = None,
        max_bytes: int = ...,
    ) -> Batch: ...
    def extract_paths(
        self,
        paths: Sequence[Union[str, PathLike[str]]],
        *,
        files_from: Optional[Union[str, PathLike[str]]] = None,
        jobs: Optional[int] = None,
        max_bytes: int = ...,
        shard: Optional[str] = None,
        ref_date: Optional[str] = None,
        explain: bool = False,
        emit_text: bool = False,
        encoding: Optional[str] = None,
    ) -> PathBatch: ...
    def compare(
        self,
        central: Sequence[Tuple[str, str]],
        local: Sequence[Tuple[str, str]],
        *,
        by_section: bool = False,
        threshold: float = ...,
    ) -> str: ...

class Batch(Iterator[Dict[str, Any]]):
    def __iter__(self) -> Batch: ...
    def __next__(self) -> Dict[str, Any]: ...

class PathBatch(Iterator[Dict[str, Any]]):
    def __iter__(self) -> PathBatch: ...
    def __next__(self) -> Dict[str, Any]: ...
    @property
    def summary(self) -> Optional[Tuple[int, int, int, int, List[Tuple[str, str]]]]: ...

def evaluate(
    gold_dir: Union[str, PathLike[str]],
    corpus_dir: Union[str, PathLike[str]],
    records: Sequence[str],
    *,
    decode: str = "score-py",
) -> str: ...
def schema() -> str: ...
