//! The layout's import direction, checked from the sources (no build of anything else).
//!
//! - Between the top-level modules of `src/`, every `crate::NAME` in code (not comments) must be
//!   an allowed dependency: a stage builds only on the stages before it and on the `time` leaf,
//!   never on a later or sideways stage (the table `ALLOWED`, the stage order of the README's
//!   Layout).
//! - Within each module directory (nested ones too), the files (other than the face, `mod.rs`)
//!   import one another through `use super::NAME`; that graph must have no cycle, so each file
//!   can be read after the ones it builds on (e.g. staffing's result type and target predicates
//!   are a leaf under the searches).
//!
//! Run: `cargo test --test layout`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `use super::NAME` and `super::NAME::` references of one file.
fn super_imports(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("super::") {
        let rest = &text[i + "super::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use super::{a, b::C, D}`: every first path segment (files are lower-case).
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for part in inner.split(',') {
                let seg = part.trim().split("::").next().unwrap_or("").trim();
                if seg.chars().next().is_some_and(|c| c.is_lowercase()) {
                    out.insert(seg.to_string());
                }
            }
            continue;
        }
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        // `super::name::` or `use super::name;` / `{...}`: a module, not an item of mod.rs.
        let after = &rest[name.len()..];
        if !name.is_empty() && (after.starts_with("::") || after.starts_with(';')) {
            out.insert(name);
        }
    }
    out
}

fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(n) {
            Some(1) => {
                let start = path.iter().position(|p| p == n).unwrap_or(0);
                let mut c = path[start..].to_vec();
                c.push(n.to_string());
                return Some(c);
            }
            Some(2) => return None,
            _ => {}
        }
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            if g.contains_key(m) {
                if let Some(c) = visit(m, g, state, path) {
                    return Some(c);
                }
            }
        }
        path.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if let Some(c) = visit(n, graph, &mut state, &mut Vec::new()) {
            return Some(c);
        }
    }
    None
}

/// Every module directory under `dir`, nested ones included.
fn module_dirs(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.push(e.path());
            out.extend(module_dirs(&e.path()));
        }
    }
    out
}

/// Every `.rs` file under `p` (or `p` itself).
fn rust_files(p: &Path) -> Vec<std::path::PathBuf> {
    if p.is_dir() {
        std::fs::read_dir(p)
            .unwrap()
            .flatten()
            .flat_map(|e| rust_files(&e.path()))
            .collect()
    } else if p.extension().is_some_and(|e| e == "rs") {
        vec![p.to_path_buf()]
    } else {
        vec![]
    }
}

/// The top-level modules named as `crate::NAME` in the code of `text` (comment lines and
/// trailing comments skipped), including every branch of a `crate::{a::X, b}` group, over several
/// lines too.
fn crate_imports(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(|l| l.split(" // ").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let first_segment = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        // `$crate::` belongs to a macro.
        if code[..i].ends_with('$') {
            continue;
        }
        let rest = &code[i + "crate::".len()..];
        let names: Vec<String> = match rest.strip_prefix('{') {
            Some(group) => {
                // The group up to its matching brace; each top-level branch's first segment.
                let (mut depth, mut end) = (1, group.len());
                for (j, c) in group.char_indices() {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    if depth == 0 {
                        end = j;
                        break;
                    }
                }
                let (mut branches, mut depth, mut start) = (Vec::new(), 0, 0);
                let inner = &group[..end];
                for (j, c) in inner.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            branches.push(first_segment(&inner[start..j]));
                            start = j + 1;
                        }
                        _ => {}
                    }
                }
                branches.push(first_segment(&inner[start..]));
                branches
            }
            None => vec![first_segment(rest)],
        };
        out.extend(
            names
                .into_iter()
                .filter(|n| n.chars().next().is_some_and(|c| c.is_lowercase())),
        );
    }
    out
}

/// What each top-level module of `src/` may name as `crate::…`, in stage order. `error` joins
/// every module's error; `io`, `python` and the program sit above every stage.
const ALLOWED: &[(&str, &[&str])] = &[
    ("suggest", &[]),
    ("time", &["suggest"]),
    ("staffing", &[]),
    ("simulate", &[]),
    ("forecast", &["time", "suggest"]),
    ("schedule", &["time", "suggest"]),
    (
        "requirements",
        &["time", "forecast", "staffing", "simulate", "schedule"],
    ),
    ("roster", &["time", "schedule", "staffing", "suggest"]),
    (
        "evaluation",
        &["time", "staffing", "simulate", "schedule", "requirements"],
    ),
    (
        "pipeline",
        &[
            "time",
            "forecast",
            "staffing",
            "simulate",
            "requirements",
            "schedule",
            "evaluation",
        ],
    ),
    (
        "error",
        &[
            "time",
            "forecast",
            "staffing",
            "simulate",
            "schedule",
            "roster",
            "evaluation",
            "io",
        ],
    ),
];

#[test]
fn stages_import_only_earlier_stages() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for e in std::fs::read_dir(&src).unwrap().flatten() {
        let name = e.path().file_stem().unwrap().to_string_lossy().to_string();
        let Some((_, allowed)) = ALLOWED.iter().find(|(m, _)| *m == name) else {
            // The crate root, `io`, `python` and `bin` may use every stage.
            assert!(
                ["lib", "io", "python", "bin"].contains(&name.as_str()),
                "src/{name}: a new top-level module; add it to ALLOWED"
            );
            continue;
        };
        seen.insert(name.clone());
        for f in rust_files(&e.path()) {
            for dep in crate_imports(&std::fs::read_to_string(&f).unwrap()) {
                if dep != name && !allowed.contains(&dep.as_str()) {
                    problems.push(format!("{} uses crate::{dep}", f.strip_prefix(&src).unwrap().display()));
                }
            }
        }
    }
    assert_eq!(seen.len(), ALLOWED.len(), "a module of ALLOWED is missing from src/");
    assert!(
        problems.is_empty(),
        "imports against the stage order:\n{}",
        problems.join("\n")
    );
}

/// The direction checker sees code, not comments.
#[test]
fn crate_imports_skip_comments() {
    let text = "//! see [`crate::io`]\nuse crate::time::Tz;\n/// [`crate::forecast::X`]\nfn f() { crate::schedule::g() } // crate::roster\n";
    assert_eq!(
        crate_imports(text),
        BTreeSet::from(["time".to_string(), "schedule".to_string()])
    );
    // Groups, nested and over several lines, count every branch.
    let grouped = "use crate::{\n    evaluation::{a, b},\n    io::X,\n    Error,\n};\n";
    assert_eq!(
        crate_imports(grouped),
        BTreeSet::from(["evaluation".to_string(), "io".to_string()])
    );
}

#[test]
fn files_within_each_module_import_without_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut checked = 0;
    for dir in module_dirs(&src) {
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "rs") && p.file_stem().is_some_and(|s| s != "mod") {
                let name = p.file_stem().unwrap().to_string_lossy().to_string();
                graph.insert(name, super_imports(&std::fs::read_to_string(&p).unwrap()));
            }
        }
        if let Some(c) = cycle(&graph) {
            panic!(
                "import cycle in {}: {}",
                dir.strip_prefix(&src).unwrap().display(),
                c.join(" -> ")
            );
        }
        checked += graph.len();
    }
    assert!(checked > 20, "only {checked} files found");
}

/// The checker itself finds a cycle (so the test above can fail).
#[test]
fn a_cycle_is_found() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.insert("a".into(), super_imports("use super::b::X;"));
    g.insert("b".into(), super_imports("use super::c;\nfn f() { super::a::g() }"));
    g.insert("c".into(), super_imports("use super::{d, e::F, G};"));
    assert_eq!(g["c"], BTreeSet::from(["d".to_string(), "e".to_string()]));
    assert_eq!(cycle(&g), Some(vec!["a".into(), "b".into(), "a".into()]));
    g.get_mut("b").unwrap().remove("a");
    assert_eq!(cycle(&g), None);
}
