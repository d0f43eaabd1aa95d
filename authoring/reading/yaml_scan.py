"""A YAML text's parser events streamed once, before anything is built.

Aliases are refused before anything is built, so a "billion laughs" file
costs no more than its own length; nesting is capped for the same reason, and
a second YAML document is refused. A syntax error is raised as libyaml's
`yaml.YAMLError` (`yaml_syntax` puts it in words).
"""

from __future__ import annotations

import yaml

from .positions import mark_position

__all__ = ["MAX_NESTING", "SAFE_LOADER", "scan_events"]

#: Deeper nesting than this is refused while the file is still being scanned
#: (the deepest real protocol value is about six levels down).
MAX_NESTING = 64

#: libyaml's safe loader where PyYAML was built with it, else PyYAML's own.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TOO_DEEP = f"values are nested more than {MAX_NESTING} levels deep"


def scan_events(text: str) -> tuple[int, int, str] | None:
    """The first alias, too-deep value or second document in `text`, as
    (line, column, message), or None; raises `yaml.YAMLError` for a syntax error."""
    try:
        return _scan_event_stream(text)
    except yaml.MarkedYAMLError as e:
        # libyaml has a cap of its own (1,000 levels), which its scanner can
        # reach before the parser hands over the 65th level: scan the text
        # before libyaml's stop, whose first problem is at the latest that level.
        if "nesting depth" not in (e.problem or "") or e.problem_mark is None:
            raise
        try:
            found = _scan_event_stream(text[: e.problem_mark.index])
        except yaml.YAMLError:
            found = None
        if found is not None:
            return found
        line, col = mark_position(e.problem_mark)
        return line, col, _TOO_DEEP


def _scan_event_stream(text: str) -> tuple[int, int, str] | None:
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent):
            line, col = mark_position(event.start_mark)
            return (
                line,
                col,
                (
                    f"alias *{event.anchor} is not allowed: a protocol file writes "
                    f"every value out in full (no anchors or aliases)"
                ),
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_NESTING:
                line, col = mark_position(event.start_mark)
                return line, col, _TOO_DEEP
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                line, col = mark_position(event.start_mark)
                return line, col, ("a second YAML document starts here; a protocol file holds exactly one")
    return None
