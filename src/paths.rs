//! File paths as newsdedup shows, reports and mirrors them.
//!
//! Names in a scraped folder are untrusted: one can hold a newline, an escape
//! sequence that drives the terminal, or bytes that are not UTF-8. Each use has
//! one form, shared by batch mode and corpus mode:
//! - for a person, [`escape`]: control characters and invalid bytes escaped,
//!   so a name prints as one harmless line;
//! - for programs, [`JsonPath`]: the path as text, and its exact bytes when it
//!   is not UTF-8 (`path_bytes`), so a JSON report names every file losslessly;
//! - for `--out-dir`, [`Mirror`]: the one rule that maps an input path to its
//!   output path (and back).

use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

/// `name` made safe to print on a terminal, as one line.
///
/// Control characters (newline, escape, …) and the Unicode controls that
/// reorder text (bidi overrides) become `\n`, `\t`, `\r` or `\u{…}`, and
/// bytes that are not UTF-8 become `\xNN`. Anything else is left as it is, so
/// an ordinary name prints unchanged (and is not copied).
pub fn escape(name: &OsStr) -> Cow<'_, str> {
    let bytes = name.as_encoded_bytes();
    if let Ok(text) = std::str::from_utf8(bytes)
        && !text.chars().any(needs_escape)
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if needs_escape(c) => {
                    let _ = write!(out, "\\u{{{:x}}}", c as u32);
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    Cow::Owned(out)
}

/// [`escape`] for a path.
pub fn escape_path(path: &Path) -> Cow<'_, str> {
    escape(path.as_os_str())
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A file's path in a JSON report, lossless.
///
/// `path` is the path as text, or `null` for stdin. A path that is not valid
/// UTF-8 (possible on Unix) has its invalid bytes replaced by U+FFFD in
/// `path`, and also carries `path_bytes`: its exact bytes as an array of
/// numbers (0–255), which is what a program should open. A UTF-8 path has no
/// `path_bytes`. Embed it in a report object with `#[serde(flatten)]`.
///
/// ```
/// # use newsdedup::paths::JsonPath;
/// let json = serde_json::to_string(&JsonPath::new(Some("a/b.txt".as_ref()))).unwrap();
/// assert_eq!(json, r#"{"path":"a/b.txt"}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonPath {
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_bytes: Option<Vec<u8>>,
}

impl JsonPath {
    /// The JSON form of `path` (`None`: stdin).
    pub fn new(path: Option<&Path>) -> JsonPath {
        let Some(path) = path else {
            return JsonPath {
                path: None,
                path_bytes: None,
            };
        };
        let text = path.to_string_lossy();
        let path_bytes = matches!(text, Cow::Owned(_)).then(|| os_bytes(path.as_os_str()));
        JsonPath {
            path: Some(text.into_owned()),
            path_bytes,
        }
    }

    /// The path this names (from `path_bytes` when present), or `None` for stdin.
    pub fn to_path_buf(&self) -> Option<PathBuf> {
        match (&self.path_bytes, &self.path) {
            (Some(bytes), _) => Some(PathBuf::from(os_string(bytes.clone()))),
            (None, Some(text)) => Some(PathBuf::from(text)),
            (None, None) => None,
        }
    }
}

#[cfg(unix)]
fn os_bytes(name: &OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    name.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn os_bytes(name: &OsStr) -> Vec<u8> {
    name.to_string_lossy().into_owned().into_bytes()
}

#[cfg(unix)]
fn os_string(bytes: Vec<u8>) -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(bytes)
}

#[cfg(not(unix))]
fn os_string(bytes: Vec<u8>) -> OsString {
    OsString::from(String::from_utf8_lossy(&bytes).into_owned())
}

/// One input of a batch run, as [`Mirror`] needs it.
#[derive(Clone, Debug)]
pub struct MirrorInput {
    /// The path as the user gave it.
    pub path: PathBuf,
    /// Its own name (the last component of its resolved path: `.` has one too).
    pub name: OsString,
    pub is_dir: bool,
}

/// Where `--out-dir` puts each output: the same rule as `cp -r`.
///
/// A single input folder maps onto the output folder itself (`in/a/b.txt` →
/// `out/a/b.txt`). Several inputs, or a file, each go under their own name:
/// `x/` and `y/` → `out/x/`, `out/y/`; `f.txt` → `out/f.txt`.
#[derive(Clone, Debug)]
pub struct Mirror {
    out: PathBuf,
    /// Each input's path, and where it goes relative to `out` (empty: `out` itself).
    roots: Vec<(PathBuf, PathBuf)>,
}

impl Mirror {
    /// The mirror of `inputs` under `out`; an error names two inputs that
    /// would map to the same output path.
    pub fn new(out: &Path, inputs: &[MirrorInput]) -> Result<Mirror, String> {
        let single_folder = matches!(inputs, [only] if only.is_dir);
        let mut roots: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(inputs.len());
        for input in inputs {
            let base = if single_folder {
                PathBuf::new()
            } else {
                PathBuf::from(&input.name)
            };
            if let Some((other, _)) = roots.iter().find(|(_, b)| *b == base) {
                return Err(format!(
                    "{} and {} would both be written to {}",
                    escape_path(other),
                    escape_path(&input.path),
                    escape_path(&out.join(&base))
                ));
            }
            roots.push((input.path.clone(), base));
        }
        Ok(Mirror {
            out: out.to_path_buf(),
            roots,
        })
    }

    /// The output folder.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Where input number `root` goes, relative to the output folder (empty
    /// for a single input folder).
    pub fn base(&self, root: usize) -> &Path {
        self.roots.get(root).map_or(Path::new(""), |(_, b)| b)
    }

    /// The output path, relative to the output folder, of the file at
    /// `relative` inside input number `root` (a file input: empty `relative`).
    pub fn relative_output(&self, root: usize, relative: &Path) -> PathBuf {
        let base = self.base(root);
        if relative.as_os_str().is_empty() {
            base.to_path_buf()
        } else {
            base.join(relative)
        }
    }

    /// The output path of `input`, a path at or under one of the inputs (as
    /// given); `None` if it is under none of them.
    pub fn output_path(&self, input: &Path) -> Option<PathBuf> {
        let input = lexical(input);
        self.roots.iter().enumerate().find_map(|(k, (root, _))| {
            let relative = input.strip_prefix(lexical(root)).ok()?;
            Some(self.out.join(self.relative_output(k, relative)))
        })
    }

    /// The input path whose output is `output` (a path under the output
    /// folder), if any input maps there. The inverse of [`Mirror::output_path`].
    pub fn input_path(&self, output: &Path) -> Option<PathBuf> {
        let relative = lexical(output)
            .strip_prefix(lexical(&self.out))
            .ok()?
            .to_path_buf();
        self.roots.iter().find_map(|(root, base)| {
            let rest = relative.strip_prefix(base).ok()?;
            Some(if rest.as_os_str().is_empty() {
                root.clone()
            } else {
                root.join(rest)
            })
        })
    }
}

/// `path` without `.` components (`..` is kept: it cannot be resolved
/// without the file system).
fn lexical(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_leaves_plain_names_and_escapes_controls() {
        assert!(matches!(
            escape(OsStr::new("a b/c.txt")),
            Cow::Borrowed("a b/c.txt")
        ));
        assert_eq!(
            escape(OsStr::new("x\n\u{1b}]0;pwn\u{7}\u{202e}.txt")),
            "x\\n\\u{1b}]0;pwn\\u{7}\\u{202e}.txt"
        );
    }

    #[cfg(unix)]
    #[test]
    fn invalid_bytes_are_escaped_and_kept_in_json() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(OsStr::from_bytes(b"caf\xe9.txt"));
        assert_eq!(escape_path(path), "caf\\xe9.txt");
        let json = JsonPath::new(Some(path));
        assert_eq!(json.path.as_deref(), Some("caf\u{fffd}.txt"));
        assert_eq!(json.path_bytes.as_deref(), Some(&b"caf\xe9.txt"[..]));
        assert_eq!(json.to_path_buf().as_deref(), Some(path));
        let text = serde_json::to_string(&json).unwrap();
        assert_eq!(
            text,
            r#"{"path":"caf�.txt","path_bytes":[99,97,102,233,46,116,120,116]}"#
        );
        let back: JsonPath = serde_json::from_str(&text).unwrap();
        assert_eq!(back, json);
    }

    #[test]
    fn stdin_is_a_null_path() {
        let json = serde_json::to_string(&JsonPath::new(None)).unwrap();
        assert_eq!(json, r#"{"path":null}"#);
    }

    fn input(path: &str, is_dir: bool) -> MirrorInput {
        MirrorInput {
            path: PathBuf::from(path),
            name: Path::new(path).file_name().unwrap().to_owned(),
            is_dir,
        }
    }

    #[test]
    fn one_folder_maps_onto_the_output_folder() {
        let mirror = Mirror::new(Path::new("out"), &[input("in", true)]).unwrap();
        assert_eq!(
            mirror.output_path(Path::new("./in/a/b.txt")),
            Some(PathBuf::from("out/a/b.txt"))
        );
        assert_eq!(
            mirror.input_path(Path::new("out/a/b.txt")),
            Some(PathBuf::from("in/a/b.txt"))
        );
        assert_eq!(mirror.output_path(Path::new("elsewhere/b.txt")), None);
    }

    #[test]
    fn several_inputs_go_under_their_own_names() {
        let inputs = [
            input("x", true),
            input("deep/y", true),
            input("f.txt", false),
        ];
        let mirror = Mirror::new(Path::new("out"), &inputs).unwrap();
        assert_eq!(
            mirror.output_path(Path::new("x/a.txt")),
            Some(PathBuf::from("out/x/a.txt"))
        );
        assert_eq!(
            mirror.output_path(Path::new("deep/y/s/a.txt")),
            Some(PathBuf::from("out/y/s/a.txt"))
        );
        assert_eq!(
            mirror.output_path(Path::new("f.txt")),
            Some(PathBuf::from("out/f.txt"))
        );
        assert_eq!(
            mirror.input_path(Path::new("out/y/s/a.txt")),
            Some(PathBuf::from("deep/y/s/a.txt"))
        );
        assert_eq!(mirror.input_path(Path::new("out/z.txt")), None);
    }

    #[test]
    fn two_inputs_with_one_name_are_refused() {
        let err =
            Mirror::new(Path::new("out"), &[input("a/x", true), input("b/x", true)]).unwrap_err();
        assert!(
            err.contains("a/x and b/x would both be written to out/x"),
            "{err}"
        );
    }
}
