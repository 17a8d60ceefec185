"""Finds words a person reads that are not marked for translation.

Run it on files or folders to see what is left, for example:

    .venv/bin/python -m tests.translation_check templates/disputes cases/disputes

With no arguments it looks at every template and every Python module of the service. The test
`tests/cases/common/test_translation.py` fails while it finds anything.

What it looks at:
- templates: text between tags, and the attributes people read (alt, title, aria-label,
  placeholder, a submit button's value), outside `{% translate %}` and `{% blocktranslate %}`;
  in plain-text templates (e-mails), any text at all;
- Python: the places a string reaches a person: a form's or model's label, help text and
  choices, a validation error, a flash message, an API error, an empty label, error messages.
  A string there must be wrapped in `gettext`, `gettext_lazy`, `ngettext`, `pgettext` (or their
  lazy forms), usually imported as `_`.

A string that is the same in every language (a language's own name, a file format) is listed in
`SAME_IN_EVERY_LANGUAGE`.
"""

import ast
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates"]
PYTHON_DIRS = [ROOT / "cases", ROOT / "workflows", ROOT / "config"]
# Content, not interface: the seed compacts' and the demo's own words are data (commitments are
# translated as content), and migrations freeze what the models said when they were made.
PYTHON_SKIP = ("migrations", "demo", "management", "settings")

SAME_IN_EVERY_LANGUAGE = {
    "English",
    "Cymraeg",
    "CSV",
    "JSON",
    "PDF",
    "OCDS",
    "API",
    "GOV.UK",
}

WRAPPERS = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "_lazy",
    "format_lazy",
    "mark_safe",
}
# Keyword arguments whose string a person reads.
READ_KEYWORDS = {
    "label",
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "empty_label",
    "legend",
    "hint",
}
LETTERS = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    text: str

    def __str__(self):
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.text!r}"


def _reads_as_words(text):
    text = " ".join(text.split())
    if not LETTERS.search(text):
        return False
    return text not in SAME_IN_EVERY_LANGUAGE


# Templates ---------------------------------------------------------------------------------

_COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
_BLOCK = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}",
    re.S,
)
_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
_VERBATIM = re.compile(r"{%\s*verbatim\s*%}.*?{%\s*endverbatim\s*%}", re.S)
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "summary"}


def _blank(match):
    """Keeps the line count while removing what a match held."""
    return "\x00" + "\n" * match.group(0).count("\n")


def _strip_template(source):
    for pattern in (_COMMENT, _VERBATIM, _BLOCK, _TAG):
        source = pattern.sub(_blank, source)
    return source


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if value and name in READ_ATTRIBUTES:
                self.found.append((self.getpos()[0], value))
        if attributes.get("value") and (
            tag == "input" and attributes.get("type") in ("submit", "button")
        ):
            self.found.append((self.getpos()[0], attributes["value"]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip:
            self.found.append((self.getpos()[0], data))


def check_template(path):
    source = _strip_template(path.read_text())
    findings = []
    if path.suffix == ".html":
        reader = _Reader()
        reader.feed(source)
        reader.close()
        pieces = reader.found
    else:
        pieces = [(number, line) for number, line in enumerate(source.splitlines(), 1)]
    for line, text in pieces:
        for part in text.split("\x00"):
            if _reads_as_words(part):
                findings.append(Finding(path, line, " ".join(part.split())))
    return findings


# Python ------------------------------------------------------------------------------------


def _bare(node):
    """The text of a string a person would read, unwrapped; None when it is wrapped or not text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if _reads_as_words(node.value) else None
    if isinstance(node, ast.JoinedStr):
        text = "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
        return text if _reads_as_words(text) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return _bare(node.left) or (_bare(node.right) if isinstance(node.op, ast.Add) else None)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        return _bare(node.func.value)
    return None


def _name(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_choices_class(node):
    return any(_name(base) in ("TextChoices", "IntegerChoices", "Choices") for base in node.bases)


class _PythonReader(ast.NodeVisitor):
    def __init__(self, path):
        self.path = path
        self.findings = []

    def flag(self, node):
        text = _bare(node)
        if text is not None:
            self.findings.append(Finding(self.path, node.lineno, text))

    def visit_ClassDef(self, node):
        if _is_choices_class(node):
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and isinstance(statement.value, ast.Tuple)
                    and len(statement.value.elts) > 1
                ):
                    self.flag(statement.value.elts[-1])
        self.generic_visit(node)

    def visit_Call(self, node):
        name = _name(node.func)
        if name in ("ValidationError", "HttpError", "PermissionDenied", "Http404"):
            for argument in node.args:
                self.flag(argument)
            for keyword in node.keywords:
                if keyword.arg == "message":
                    self.flag(keyword.value)
        elif (name == "add_error" and len(node.args) > 1) or (
            isinstance(node.func, ast.Attribute)
            and _name(node.func.value) == "messages"
            and name in ("success", "info", "warning", "error", "debug")
            and len(node.args) > 1
        ):
            self.flag(node.args[1])
        for keyword in node.keywords:
            if keyword.arg in READ_KEYWORDS:
                self.flag(keyword.value)
            elif keyword.arg == "choices" and isinstance(keyword.value, (ast.List, ast.Tuple)):
                for choice in keyword.value.elts:
                    if isinstance(choice, ast.Tuple) and len(choice.elts) == 2:
                        self.flag(choice.elts[1])
            elif keyword.arg == "error_messages" and isinstance(keyword.value, ast.Dict):
                for value in keyword.value.values:
                    self.flag(value)
        self.generic_visit(node)

    def visit_Assign(self, node):
        # Meta.verbose_name = "…", default_error_messages = {…}, a form's Meta.labels = {…}
        for target in node.targets:
            name = _name(target)
            if name in ("verbose_name", "verbose_name_plural"):
                self.flag(node.value)
            elif name in (
                "labels",
                "help_texts",
                "default_error_messages",
                "error_messages",
            ) and isinstance(node.value, ast.Dict):
                for value in node.value.values:
                    if isinstance(value, ast.Dict):
                        for inner in value.values:
                            self.flag(inner)
                    else:
                        self.flag(value)
        self.generic_visit(node)


def check_python(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    reader = _PythonReader(path)
    reader.visit(tree)
    return reader.findings


# Running -----------------------------------------------------------------------------------


def _files(paths):
    for path in paths:
        path = Path(path).resolve()
        if path.is_file():
            yield path
            continue
        for found in sorted(path.rglob("*")):
            if found.suffix in (".html", ".txt") or found.suffix == ".py":
                yield found


def check(paths=None):
    if not paths:
        paths = TEMPLATE_DIRS + PYTHON_DIRS
    findings = []
    for path in _files(paths):
        relative = path.relative_to(ROOT).parts
        if path.suffix == ".py":
            if any(part in PYTHON_SKIP or part.startswith("settings") for part in relative):
                continue
            findings.extend(check_python(path))
        elif relative[0] == "templates":
            findings.extend(check_template(path))
    return findings


if __name__ == "__main__":
    found = check(sys.argv[1:])
    for finding in found:
        print(finding)
    print(f"{len(found)} unmarked", file=sys.stderr)
    sys.exit(1 if found else 0)
