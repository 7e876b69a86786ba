#!/usr/bin/env python3
"""Moves one of the old Rust text structs into Fluent catalogs (issue 20, part 1).

    texts_to_ftl.py RUST_FILE STRUCT AREA OUT_LOCALES_DIR [--prefix PREFIX]

Reads `pub struct STRUCT { ... }` (field order and non-English doc comments) and the
twelve `const|static NAME: STRUCT = STRUCT { ... };` blocks of RUST_FILE, and writes
OUT_LOCALES_DIR/<tag>/AREA.ftl: one message per field, `field_name` as `field-name`,
`{name}` placeholders as `{ $name }`. It only carries the strings over; plurals and
rewordings are done by hand afterwards. Delete this directory when every area has
moved (docs/translating.md).
"""
import os
import re
import sys

TAGS = {
    "EN": "en", "DE": "de", "ES": "es", "FR": "fr", "IT": "it", "JA": "ja", "KO": "ko",
    "PTBR": "pt-BR", "RU": "ru", "ZHHANS": "zh-Hans", "ZHHANT": "zh-Hant", "NL": "nl",
}


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        n = s[i + 1]
        if n == "n":
            out.append("\n"); i += 2
        elif n == "t":
            out.append("\t"); i += 2
        elif n in "\"'\\":
            out.append(n); i += 2
        elif n == "u":
            j = s.index("}", i)
            out.append(chr(int(s[i + 3:j], 16))); i = j + 1
        elif n == "\n":
            i += 2
            while i < len(s) and s[i] in " \t\n":
                i += 1
        else:
            raise ValueError("escape " + n)
    return "".join(out)


def to_ftl(text, warn):
    def placeholder(m):
        name = m.group(1)
        if ":" in name:
            warn(f"elision placeholder {{{name}}} kept as a plain variable")
            name = name.split(":")[1]
        return "{ $" + name + " }"
    parts = re.split(r"(\{[a-z_:]+\})", text)
    out = []
    for p in parts:
        m = re.fullmatch(r"\{([a-z_:]+)\}", p)
        if m:
            out.append(placeholder(m))
        else:
            out.append(p.replace("{", '{"{"}').replace("}", '{"}"}'))
    value = "".join(out)
    if value != value.strip(" "):
        lead = len(value) - len(value.lstrip(" "))
        trail = len(value) - len(value.rstrip(" "))
        value = ('{"' + " " * lead + '"}' if lead else "") + value.strip(" ") + ('{"' + " " * trail + '"}' if trail else "")
    lines = value.split("\n")
    if len(lines) == 1:
        return " " + escape_line_start(value, first=True)
    return "\n" + "\n".join("    " + escape_line_start(l, first=False) if l else "" for l in lines)


def escape_line_start(line, first):
    if not first and line[:1] in "[*.":
        return '{"' + line[0] + '"}' + line[1:]
    return line


def main():
    path, struct, area, out = sys.argv[1:5]
    src = open(path).read()
    m = re.search(r"pub struct " + struct + r" \{(.*?)\n\s*\}", src, re.S)
    fields, comments, pending = [], {}, []
    for line in (m.group(1).split("\n") if m else []):
        s = line.strip()
        if s.startswith("///"):
            c = s[3:].strip()
            if not (c.startswith('"') and (c.endswith('"') or c.endswith("…\"") or c.endswith("…"))):
                pending.append(c)
        fm = re.match(r"pub (\w+): ", s)
        if fm:
            fields.append(fm.group(1))
            comments[fm.group(1)] = [c for c in pending if c]
            pending = []
    doc = re.search(r"((?:///.*\n)+)(?:#\[derive[^\n]*\n)?pub struct " + struct, src)
    resource_doc = [l.strip()[3:].strip() for l in doc.group(1).strip().split("\n")] if doc else []
    if not fields or fields == ["$field"]:
        first = re.search(r"(?:const|static) \w+: " + struct + r" = " + struct + r" \{(.*?)\n\};", src, re.S)
        fields = re.findall(r'^\s+(\w+):\s*"', first.group(1), re.M)
        comments = {f: [] for f in fields}
    blocks = re.finditer(r"(?:const|static) (\w+): " + struct + r" = " + struct + r" \{(.*?)\n\};", src, re.S)
    written = 0
    for b in blocks:
        name = b.group(1).replace("_", "")
        tag = next((t for k, t in TAGS.items() if name.endswith(k)), None)
        if tag is None:
            sys.exit(f"no language for {b.group(1)}")
        values = dict(
            (k, unescape(v)) for k, v in re.findall(r'(\w+):\s*"((?:[^"\\]|\\.)*)"\s*,', b.group(2), re.S)
        )
        missing = [f for f in fields if f not in values]
        if missing:
            sys.exit(f"{tag}: missing {missing}")
        lines = []
        if tag == "en":
            lines += ["### " + l if l else "###" for l in resource_doc]
        else:
            lines.append(f"### {area}: {tag}; the English catalog (../en/{area}.ftl) is the reference.")
        lines.append("")
        for f in fields:
            def warn(msg):
                print(f"{tag} {f}: {msg}", file=sys.stderr)
            if tag == "en" and comments[f]:
                if lines[-1] != "":
                    lines.append("")
                for c in comments[f]:
                    lines.append("# " + c)
            lines.append(f.replace("_", "-") + " =" + to_ftl(values[f], warn))
        os.makedirs(os.path.join(out, tag), exist_ok=True)
        with open(os.path.join(out, tag, area + ".ftl"), "w") as fh:
            fh.write("\n".join(lines).rstrip("\n") + "\n")
        written += 1
    if written != 12:
        sys.exit(f"wrote {written} languages, not 12")


if __name__ == "__main__":
    main()
