#!/usr/bin/env python3
"""Runs the EN 16931 business rules (the CEN Schematron, precompiled to XSLT) on UBL files in one process.

Usage: validate-en16931.py STYLESHEET FILE...
Compiles STYLESHEET (shared/testdata/einvoice/en16931/xslt/EN16931-UBL-validation.xslt) once with Saxon-HE
(PyPI `saxonche`) and prints one JSON object: {"FILE": [{"id", "flag", "location", "text"}, ...], ...} with every
svrl:failed-assert of each file. Exit code 0 when no assertion with flag="fatal" failed, 1 otherwise, 2 on usage
or tool errors. The Swift tests call it (Tests/BentaFormatsTests/UBLValidators.swift); it also checks an exported
invoice by hand.
"""
import json
import sys
import xml.etree.ElementTree as ET

SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def failed_asserts(svrl_text):
    root = ET.fromstring(svrl_text)
    found = []
    for node in root.iter(SVRL + "failed-assert"):
        text = node.find(SVRL + "text")
        found.append({
            "id": node.get("id", ""),
            "flag": node.get("flag", ""),
            "location": node.get("location", ""),
            "text": " ".join((text.text or "").split()) if text is not None else "",
        })
    return found


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        from saxonche import PySaxonProcessor
    except ImportError:
        print("saxonche is not installed in this Python (pip install saxonche)", file=sys.stderr)
        return 2
    results = {}
    with PySaxonProcessor(license=False) as processor:
        executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=argv[1])
        for path in argv[2:]:
            svrl = executable.transform_to_string(source_file=path)
            if svrl is None:
                print("no SVRL output for " + path, file=sys.stderr)
                return 2
            results[path] = failed_asserts(svrl)
    json.dump(results, sys.stdout, indent=1)
    print()
    fatal = any(item["flag"] == "fatal" for found in results.values() for item in found)
    return 1 if fatal else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
