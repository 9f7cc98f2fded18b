"""The production image's file tree without a Docker engine: the Dockerfile's COPY instructions and the
.dockerignore, read the way Docker (BuildKit) reads them, and the imports of the app checked against the
locks that the image installs. Used by test_image.py (which also tests these functions).

Why not a library: pathspec's gitwildmatch follows .gitignore, whose rules differ from Docker's exactly
where it matters here (a pattern without a slash, such as `__pycache__` or `*.pyc`, matches at any depth in
git but only at the top of the context in Docker; `dir/` matches only directories in git but anything in
Docker). The docker SDK has a port of Docker's rules (docker.utils.build.exclude_paths), but brings the
Engine API client and requests along for one function; dockerfile-parse and dockerfile parse Dockerfiles
but apply no COPY. The rules are short: PatternMatcher below follows moby's patternmatcher
(Pattern.compile, MatchesOrParentMatches) and BuildKit's .dockerignore reader, and test_image.py checks it
case by case.
"""

import ast
import json
import os
import posixpath
import re
import shlex
import shutil
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

# --- .dockerignore --------------------------------------------------------------------------------------


class BadPattern(ValueError):
    """A pattern Go's filepath.Match would refuse (Docker stops the build on it)."""


def go_clean(path):
    """Go's path/filepath.Clean on a slash-separated path: no empty, `.` or resolvable `..` elements, no
    trailing slash; "" becomes "."."""
    rooted = path.startswith("/")
    parts = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    cleaned = "/".join(parts)
    if rooted:
        return "/" + cleaned
    return cleaned or "."


def read_dockerignore(text):
    """The patterns of a .dockerignore file, as BuildKit reads them: a line starting with `#` is a comment,
    surrounding white space goes, each pattern is cleaned (so `dir/` is `dir`) and loses a leading `/`
    (patterns are relative to the context either way); `!` marks an exception."""
    lines = text.splitlines()
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    patterns = []
    for line in lines:
        if line.startswith("#"):
            continue
        pattern = line.strip()
        if not pattern:
            continue
        invert = pattern.startswith("!")
        if invert:
            pattern = pattern[1:].strip()
        if pattern:
            pattern = go_clean(pattern)
            if len(pattern) > 1 and pattern.startswith("/"):
                pattern = pattern[1:]
        patterns.append(("!" if invert else "") + pattern)
    return patterns


def _check_class(pattern, start):
    """Go filepath.Match's syntax rules for the character class opening at pattern[start] ("["); returns
    the index after its "]"."""

    def escaped_char(index):
        if index >= len(pattern) or pattern[index] in "-]":
            raise BadPattern(pattern)
        if pattern[index] == "\\":
            index += 1
            if index >= len(pattern):
                raise BadPattern(pattern)
        index += 1
        if index >= len(pattern):
            raise BadPattern(pattern)
        return index

    index = start + 1
    if index < len(pattern) and pattern[index] == "^":
        index += 1
    ranges = 0
    while True:
        if index < len(pattern) and pattern[index] == "]" and ranges:
            return index + 1
        index = escaped_char(index)
        if pattern[index] == "-":
            index = escaped_char(index + 1)
        ranges += 1


def check_syntax(pattern):
    """Raise BadPattern where Go's filepath.Match would return ErrBadPattern (a trailing backslash, an
    unclosed or empty class, a range without an end)."""
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            if index + 1 >= len(pattern):
                raise BadPattern(pattern)
            index += 2
        elif char == "[":
            index = _check_class(pattern, index)
        else:
            index += 1


@dataclass
class Pattern:
    text: str
    exclusion: bool = False
    kind: str = field(init=False)
    regex: re.Pattern | None = field(init=False, default=None)

    def __post_init__(self):
        self.kind, self.regex = _compile(self.text)

    def match(self, path):
        if self.kind == "exact":
            return path == self.text
        if self.kind == "prefix":  # "dir/**": everything below dir
            return path.startswith(self.text[:-2])
        if self.kind == "suffix":  # "**/name" (or "**name"), without other wildcards
            suffix = self.text[2:]
            if path.endswith(suffix):
                return True
            return suffix.startswith("/") and path == suffix[1:]
        return self.regex.fullmatch(path) is not None


def _compile(pattern):
    """A pattern as moby's patternmatcher compiles it: `*` and `?` never cross a `/`, `**` crosses any
    number of directories (none too), `[...]` is a class; plain patterns compare exactly."""
    regex, kind, index, first = "", "exact", 0, True
    while index < len(pattern):
        char = pattern[index]
        index += 1
        if char == "*":
            if index < len(pattern) and pattern[index] == "*":
                index += 1
                if index < len(pattern) and pattern[index] == "/":
                    index += 1
                if index >= len(pattern):
                    if kind == "exact":
                        kind = "prefix"
                    else:
                        regex += ".*"
                        kind = "regex"
                else:
                    regex += "(.*/)?"
                    kind = "regex"
                if first:
                    kind = "suffix"
            else:
                regex += "[^/]*"
                kind = "regex"
        elif char == "?":
            regex += "[^/]"
            kind = "regex"
        elif char in ".+()|{}$":
            regex += "\\" + char
        elif char == "\\":
            if index < len(pattern):
                regex += "\\" + pattern[index]
                index += 1
                kind = "regex"
            else:
                regex += "\\\\"
        elif char in "[]":
            regex += char
            kind = "regex"
        else:
            regex += char
        first = False
    return kind, (re.compile(regex) if kind == "regex" else None)


class PatternMatcher:
    """Which paths of the build context a .dockerignore leaves out (moby's MatchesOrParentMatches): the
    last pattern that matches a path, or one of its parent directories, decides; `!` patterns put back."""

    def __init__(self, patterns):
        self.patterns = []
        for text in patterns:
            text = go_clean(text.strip()) if text.strip() else ""
            if not text:
                continue
            exclusion = text.startswith("!")
            if exclusion:
                if len(text) == 1:
                    raise BadPattern('illegal exclusion pattern: "!"')
                text = text[1:]
            check_syntax(text)
            self.patterns.append(Pattern(text, exclusion))

    @classmethod
    def from_file(cls, path):
        path = Path(path)
        return cls(read_dockerignore(path.read_text(encoding="utf-8")) if path.exists() else [])

    def matches(self, path):
        """True when `path` (relative to the context, slash-separated) is left out."""
        path = go_clean(path)
        if path == ".":
            return False
        parent = posixpath.dirname(path) or "."
        parents = parent.split("/")
        matched = False
        for pattern in self.patterns:
            if pattern.exclusion != matched:
                continue
            match = pattern.match(path)
            if not match and parent != ".":
                match = any(pattern.match("/".join(parents[: i + 1])) for i in range(len(parents)))
            if match:
                matched = not pattern.exclusion
        return matched

    def may_put_back_below(self, directory):
        """Whether an exception could put back something below `directory`, so that a left-out directory
        must still be walked (as BuildKit does); False lets the walk skip .venv, .git and the like."""
        parts = directory.split("/")
        for pattern in self.patterns:
            if not pattern.exclusion:
                continue
            pattern_parts = pattern.text.split("/")
            if any("**" in part for part in pattern_parts[: len(parts) + 1]):
                return True
            if len(pattern_parts) > len(parts) and all(
                Pattern(pattern_part).match(part)
                for pattern_part, part in zip(pattern_parts, parts, strict=False)
            ):
                return True
        return False


def context_files(context, matcher):
    """Every file (and symlink) of the build context that the .dockerignore lets through, as
    {"/relative/path": absolute Path} (the context seen as a filesystem of its own)."""
    context = Path(context)
    files = {}
    for directory, dirnames, filenames in os.walk(context):
        relative = Path(directory).relative_to(context).as_posix()
        prefix = "" if relative == "." else relative + "/"
        walk_on = []
        for name in sorted(dirnames):
            path = prefix + name
            if (Path(directory) / name).is_symlink():
                if not matcher.matches(path):
                    files["/" + path] = Path(directory) / name
            elif not matcher.matches(path) or matcher.may_put_back_below(path):
                walk_on.append(name)
        dirnames[:] = walk_on
        for name in filenames:
            path = prefix + name
            if not matcher.matches(path):
                files["/" + path] = Path(directory) / name
    return files


# --- Dockerfile -------------------------------------------------------------------------------------------


class UnsupportedDockerfile(ValueError):
    """Something this reader does not model (it says what, rather than guessing)."""


@dataclass
class Instruction:
    keyword: str
    arguments: str
    line: int


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list = field(default_factory=list)

    def runs(self):
        return [instruction.arguments for instruction in self.instructions if instruction.keyword == "RUN"]


def parse_dockerfile(text):
    """The stages of a Dockerfile, each with its instructions; line continuations and comments resolved."""
    escape = "\\"
    lines = text.splitlines()
    for line in lines:  # parser directives: comments of the form `# key=value` before anything else
        directive = re.fullmatch(r"#\s*(\w+)\s*=\s*(\S+)\s*", line)
        if not directive:
            break
        if directive.group(1).lower() == "escape":
            escape = directive.group(2)
    stages, pending, start = [], "", 0
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("#") or (not stripped and pending):
            continue
        if not stripped:
            continue
        if not pending:
            start = number
        if stripped.endswith(escape):
            pending += stripped[: -len(escape)] + " "
            continue
        logical, pending = pending + stripped, ""
        keyword, _, arguments = logical.partition(" ")
        keyword, arguments = keyword.upper(), arguments.strip()
        if re.search(r"<<-?[\"']?[A-Za-z_]", arguments) and keyword in {"RUN", "COPY", "ADD"}:
            raise UnsupportedDockerfile(f"line {start}: heredocs are not modelled")
        if keyword == "FROM":
            words = [word for word in arguments.split() if not word.startswith("--")]
            name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
            stages.append(Stage(base=words[0], name=name))
        elif not stages:
            if keyword != "ARG":
                raise UnsupportedDockerfile(f"line {start}: {keyword} before FROM")
        else:
            stages[-1].instructions.append(Instruction(keyword, arguments, start))
    return stages


def substitute(text, variables):
    """Docker's variable substitution in ENV, WORKDIR, COPY and ARG: $NAME, ${NAME}, ${NAME:-word},
    ${NAME:+word}; \\$ is a literal dollar."""

    def replace(match):
        if match.group(0) == "\\$":
            return "$"
        name = match.group(2) or match.group(5)
        value = variables.get(name, "")
        operator, word = match.group(3), match.group(4)
        if operator == ":-":
            return value or substitute(word, variables)
        if operator == ":+":
            return substitute(word, variables) if value else ""
        return value

    return re.sub(
        r"\\\$|\$\{(([A-Za-z_][A-Za-z0-9_]*)(?:(:[-+])([^}]*))?)\}|\$([A-Za-z_][A-Za-z0-9_]*)", replace, text
    )


def parse_key_values(arguments, variables):
    """ENV's and ARG's `key=value` pairs (quotes as the shell has them) or ENV's legacy `key value`."""
    words = shlex.split(arguments, posix=True)
    if words and "=" not in words[0]:
        return {words[0]: substitute(arguments.split(None, 1)[1] if len(words) > 1 else "", variables)}
    pairs = {}
    for word in words:
        key, _, value = word.partition("=")
        pairs[key] = substitute(value, variables)
    return pairs


@dataclass
class Copy:
    sources: list
    destination: str
    source_stage: str | None
    line: int


def parse_copy(instruction, variables):
    """COPY's flags, sources and destination, in shell or JSON form."""
    arguments = instruction.arguments
    flags = {}
    while arguments.startswith("--"):
        flag, _, arguments = arguments.partition(" ")
        name, _, value = flag[2:].partition("=")
        flags[name] = value
        arguments = arguments.strip()
    unsupported = set(flags) - {"from", "chown", "chmod", "link"}
    if unsupported:
        raise UnsupportedDockerfile(f"line {instruction.line}: COPY --{', --'.join(sorted(unsupported))}")
    words = json.loads(arguments) if arguments.startswith("[") else arguments.split()
    words = [substitute(word, variables) for word in words]
    if len(words) < 2:
        raise UnsupportedDockerfile(f"line {instruction.line}: COPY needs a source and a destination")
    return Copy(words[:-1], words[-1], flags.get("from"), instruction.line)


def _glob(pattern, paths):
    """The paths (files and directories of a filesystem given as {path: source}) that a COPY source with
    wildcards names: Go's filepath.Match on each path of the same depth."""
    depth = pattern.count("/")
    candidates = set()
    for path in paths:
        parts = path.split("/")
        for end in range(2, len(parts) + 1):
            candidates.add("/".join(parts[:end]))
    regex = _compile(pattern.replace("**", "*"))[1]
    return sorted(path for path in candidates if path.count("/") == depth and regex.fullmatch(path))


def _has_wildcard(path):
    return any(char in path for char in "*?[")


def apply_copy(copy, workdir, filesystem, source_filesystem):
    """Add what one COPY copies to `filesystem` ({image path: source Path}). Sources are relative to the
    context's (or, with --from, the other stage's) root; a directory copies its contents; several sources
    need a destination directory ending in a slash, as Docker demands."""
    destination = copy.destination
    if not destination.startswith("/"):
        destination = posixpath.join(workdir, destination)
    into_directory = copy.destination.endswith("/") or copy.destination in (".", "./")
    resolved = []
    for source in copy.sources:
        source = go_clean("/" + source)
        names = _glob(source, source_filesystem) if _has_wildcard(source) else [source]
        if not names:
            raise FileNotFoundError(f"line {copy.line}: COPY {source}: no file matches")
        resolved.extend(names)
    if len(resolved) > 1 and not into_directory:
        raise UnsupportedDockerfile(f"line {copy.line}: several sources need a destination ending in /")
    destination = go_clean(destination)
    existing_directory = any(path.startswith(destination.rstrip("/") + "/") for path in filesystem)
    for source in resolved:
        if source in source_filesystem:  # a file
            if into_directory or existing_directory:
                target = posixpath.join(destination, posixpath.basename(source))
            else:
                target = destination
            filesystem[target] = source_filesystem[source]
            continue
        below = source.rstrip("/") + "/" if source != "/" else "/"
        contents = {path: file for path, file in source_filesystem.items() if path.startswith(below)}
        if not contents:
            raise FileNotFoundError(
                f"line {copy.line}: COPY {source}: not found (or left out by .dockerignore)"
            )
        for path, file in contents.items():
            filesystem[posixpath.join(destination, path[len(below) :])] = file


@dataclass
class BuiltStage:
    stage: Stage
    workdir: str = "/"
    env: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)


def build_stage(stage, context=None, built_stages=None, global_args=None):
    """The files a stage's COPY instructions put into it ({image path: source Path}), its WORKDIR and ENV
    (without a context, only the WORKDIR and ENV). RUN is not run: the caller does what the RUN lines do
    (pip install, npm ci, collectstatic)."""
    built = BuiltStage(stage)
    built_stages = built_stages or {}
    variables = dict(global_args or {})
    for instruction in stage.instructions:
        keyword = instruction.keyword
        if keyword == "WORKDIR":
            built.workdir = go_clean(
                posixpath.join(built.workdir, substitute(instruction.arguments, variables))
            )
        elif keyword == "ENV":
            values = parse_key_values(instruction.arguments, variables)
            built.env.update(values)
            variables.update(values)
        elif keyword == "ARG":
            name, has_default, default = instruction.arguments.partition("=")
            variables.setdefault(name.strip(), substitute(default.strip(), variables) if has_default else "")
        elif keyword == "COPY" and context is not None:
            copy = parse_copy(instruction, variables)
            if copy.source_stage is None:
                sources = context
            elif copy.source_stage in built_stages:
                sources = built_stages[copy.source_stage].files
            else:
                raise UnsupportedDockerfile(
                    f"line {copy.line}: COPY --from={copy.source_stage} (not a stage)"
                )
            apply_copy(copy, built.workdir, built.files, sources)
        elif keyword == "ADD":
            raise UnsupportedDockerfile(f"line {instruction.line}: ADD is not modelled; use COPY")
    return built


def stage_arguments(stage, global_args=None):
    """The ARG values (defaults) of a stage, for reading its RUN lines."""
    variables = dict(global_args or {})
    for instruction in stage.instructions:
        if instruction.keyword == "ARG":
            name, has_default, default = instruction.arguments.partition("=")
            variables.setdefault(name.strip(), substitute(default.strip(), variables) if has_default else "")
        elif instruction.keyword == "ENV":
            variables.update(parse_key_values(instruction.arguments, variables))
    return variables


def materialize(files, root, target):
    """Copy the image's files below `root` (an image path, the final WORKDIR) into the folder `target`;
    returns the relative paths copied."""
    target = Path(target)
    below = root.rstrip("/") + "/"
    copied = []
    for path, source in sorted(files.items()):
        if not path.startswith(below):
            continue
        relative = path[len(below) :]
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination, follow_symlinks=False)
        copied.append(relative)
    return copied


# --- Imports and the locks ------------------------------------------------------------------------------

#: Not the app's code: tests and the load/fault harness run only on developers' machines and in CI.
NOT_APP_CODE = {"tests", "loadtest", ".venv", "node_modules", "var", "staticfiles", ".git"}


def normalize(name):
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def local_modules(root):
    """The top-level modules of the project itself (its packages and top-level .py files)."""
    root = Path(root)
    return {path.name for path in root.iterdir() if (path / "__init__.py").exists()} | {
        path.stem for path in root.glob("*.py")
    }


def imported_modules(paths):
    """{top-level module: {files}} for every absolute import in the given .py files."""
    found = {}
    for path in paths:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.partition(".")[0], set()).add(str(path))
    return found


def app_sources(root):
    """The app's own .py files: everything but tests, the load harness and third-party or generated trees."""
    root = Path(root)
    for directory, dirnames, filenames in os.walk(root):
        relative = Path(directory).relative_to(root)
        dirnames[:] = sorted(
            name
            for name in dirnames
            if not (relative == Path(".") and name in NOT_APP_CODE) and not name.startswith(".")
        )
        for name in sorted(filenames):
            if name.endswith(".py"):
                yield Path(directory) / name


def third_party(modules, root):
    """Leave out the standard library and the project's own modules."""
    local = local_modules(root)
    return {
        name: files
        for name, files in modules.items()
        if name not in sys.stdlib_module_names and name not in local and name != "__future__"
    }


def pinned(requirements_file):
    """The normalized names a requirements file pins (name==version), without following -r."""
    names = set()
    for line in Path(requirements_file).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(normalize(re.split(r"[\s\[=<>!~;]", line, maxsplit=1)[0]))
    return names


def declared(pyproject_file):
    """The normalized names of pyproject.toml's [project] dependencies (the runtime ones)."""
    project = tomllib.loads(Path(pyproject_file).read_text(encoding="utf-8"))["project"]
    return {normalize(re.split(r"[\s\[=<>!~;]", spec, maxsplit=1)[0]) for spec in project["dependencies"]}


def unprovided(modules, distributions, names):
    """The modules none of whose distributions ({module: [distribution]}, as
    importlib.metadata.packages_distributions() gives it) is among `names`: {module: [distribution]}."""
    missing = {}
    for module in sorted(modules):
        providers = distributions.get(module, [])
        if not any(normalize(provider) in names for provider in providers):
            missing[module] = sorted(providers) or ["(not installed)"]
    return missing
