//! The walk: which files of the input folders are cleaned, in which order.
//!
//! As fd and ripgrep do: folders are read in sorted order (so the report is
//! the same whatever the threads), hidden files and folders are skipped unless
//! `--hidden`, and symbolic links are not followed unless `--follow`. Only
//! article files are cleaned: [`Extensions`] says which. A file named on the
//! command line is cleaned whatever its name. Anything that is not a regular
//! file is skipped with a warning; newsdedup's own temporary files are never
//! walked, and those a killed run left behind are reported.
//!
//! Under `--out-dir`, the walk also creates each mirrored folder (so empty
//! folders are mirrored too) and hands every file the handle of its output
//! folder.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use super::files::{Folder, Identity, is_temporary, kind_name};
use super::plan::{Plan, RootKind};
use super::{Job, Output, Source, Target};
use newsdedup::paths::escape_path;

/// Which files inside folders are articles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Extensions {
    /// Every file (`--ext '*'`).
    All,
    /// Files with one of these extensions (lowercase, no dot), and files
    /// without an extension when `bare`.
    Only { list: Vec<String>, bare: bool },
}

impl Default for Extensions {
    /// `.txt`, `.text`, `.md`, and files without an extension.
    fn default() -> Self {
        Extensions::Only {
            list: vec!["txt".into(), "text".into(), "md".into()],
            bare: true,
        }
    }
}

impl Extensions {
    /// From `--ext` values: spaces and a leading dot trimmed, any case; `*`
    /// means every file, an empty value files without an extension.
    pub fn parse(values: &[String]) -> Extensions {
        let mut list = Vec::new();
        let mut bare = false;
        for value in values {
            let value = value.trim();
            match value.trim_start_matches('.') {
                "*" => return Extensions::All,
                "" => bare = true,
                ext => list.push(ext.to_lowercase()),
            }
        }
        Extensions::Only { list, bare }
    }

    /// Whether a file named `name` is an article.
    pub fn matches(&self, name: &Path) -> bool {
        match self {
            Extensions::All => true,
            Extensions::Only { list, bare } => match name.extension() {
                None => *bare,
                Some(ext) => ext
                    .to_str()
                    .is_some_and(|e| list.iter().any(|x| x.eq_ignore_ascii_case(e))),
            },
        }
    }
}

/// What the walk found.
pub enum Found {
    /// A file to clean.
    File(Job),
    /// A file that will not be cleaned, and why (named once, counted).
    Skipped { path: PathBuf, reason: String },
    /// A file that failed before it could be read, and why.
    Failed { path: PathBuf, reason: String },
    /// A path that could not be walked: an error, but not a file.
    Error(String),
    /// A warning about something that is not a file to clean.
    Notice(Notice),
}

/// A warning from the walk.
pub enum Notice {
    /// A temporary file left by a killed run (or another run going on).
    StaleTemporary(PathBuf),
    /// A symbolic link not followed, and why (when it needs saying).
    Link(Option<String>),
}

/// The walk over a plan's inputs, one [`Found`] at a time.
pub struct Walk<'a> {
    plan: &'a Plan,
    target: &'a Target,
    extensions: Extensions,
    hidden: bool,
    follow: bool,
    /// Never walked: the report file.
    report: Option<Identity>,
    /// Under `--out-dir`: the output folder.
    out_root: Option<Arc<Result<Folder, String>>>,
    /// Under `--in-place --follow`: the files seen, so a file reached twice
    /// through links is rewritten once.
    seen: Option<HashSet<Identity>>,
    next_root: usize,
    current: Option<Current>,
}

/// The folder being walked.
struct Current {
    entries: walkdir::IntoIter,
    /// The input folder of each depth of the walk, opened one from the other
    /// (never through a link the walk did not mean to follow).
    inputs: Vec<Arc<Result<Folder, String>>>,
    /// Under `--out-dir`: the output folder of each depth of the walk.
    outputs: Vec<Arc<Result<Folder, String>>>,
}

/// How to walk.
pub struct WalkOptions {
    pub extensions: Extensions,
    pub hidden: bool,
    pub follow: bool,
    pub report: Option<Identity>,
}

impl<'a> Walk<'a> {
    pub fn new(
        plan: &'a Plan,
        target: &'a Target,
        options: WalkOptions,
        out_root: Option<Folder>,
    ) -> Walk<'a> {
        Walk {
            plan,
            target,
            extensions: options.extensions,
            hidden: options.hidden,
            follow: options.follow,
            report: options.report,
            out_root: out_root.map(|f| Arc::new(Ok(f))),
            seen: (options.follow && *target == Target::InPlace).then(HashSet::new),
            next_root: 0,
            current: None,
        }
    }

    /// The output folder for input number `root`'s own path (for a folder,
    /// the folder itself; for a file, the folder it goes in).
    fn root_output(&self, root: usize, is_dir: bool) -> Option<Arc<Result<Folder, String>>> {
        let out_root = self.out_root.as_ref()?;
        let mirror = self.plan.mirror.as_ref()?;
        let base = mirror.base(root);
        if !is_dir || base.as_os_str().is_empty() {
            return Some(Arc::clone(out_root));
        }
        let folder = match out_root.as_ref() {
            Ok(folder) => folder
                .child(base.as_os_str())
                .map_err(|e| format!("{}: {e}", escape_path(&mirror.out().join(base)))),
            Err(e) => Err(e.clone()),
        };
        Some(Arc::new(folder))
    }

    fn start_root(&mut self, root: usize) -> Option<Found> {
        let input = &self.plan.roots[root];
        let path = input.path.clone();
        match &input.kind {
            RootKind::Missing(reason) => Some(Found::Failed {
                path,
                reason: reason.clone(),
            }),
            RootKind::Skipped(reason) => Some(Found::Skipped {
                path,
                reason: reason.clone(),
            }),
            RootKind::File { identity } => {
                let output = self.root_output(root, false).map(|folder| Output {
                    folder,
                    name: input.own_name().unwrap_or_default(),
                });
                let job = Job {
                    source: Source::Path(input.canonical.clone()),
                    path,
                    identity: Some(*identity),
                    size: input.size,
                    output,
                };
                self.admit(job)
            }
            RootKind::Folder => {
                let folder = match Folder::open(&input.path) {
                    Ok(folder) => folder,
                    Err(e) => return Some(Found::Error(format!("{}: {e}", escape_path(&path)))),
                };
                let entries = WalkDir::new(&input.path)
                    .follow_links(self.follow)
                    .sort_by_file_name()
                    .into_iter();
                let outputs: Vec<_> = self.root_output(root, true).into_iter().collect();
                // Said once, here, whether or not files follow (they inherit it).
                let error = match outputs.first().map(|o| o.as_ref()) {
                    Some(Err(e)) if matches!(self.out_root.as_deref(), Some(Ok(_))) => {
                        Some(Found::Error(e.clone()))
                    }
                    _ => None,
                };
                self.current = Some(Current {
                    entries,
                    inputs: vec![Arc::new(Ok(folder))],
                    outputs,
                });
                error
            }
        }
    }

    /// A file to clean, unless it was seen already or is the report.
    fn admit(&mut self, job: Job) -> Option<Found> {
        if let Some(identity) = job.identity {
            if self.report == Some(identity) {
                return None;
            }
            if let Some(seen) = self.seen.as_mut()
                && !seen.insert(identity)
            {
                return None;
            }
        }
        Some(Found::File(job))
    }

    /// The next entry of the folder being walked: `None` when it is done.
    fn next_entry(&mut self) -> Option<Option<Found>> {
        let current = self.current.as_mut()?;
        let entry = match current.entries.next()? {
            Ok(entry) => entry,
            Err(e) => return Some(Some(walk_error(e))),
        };
        let depth = entry.depth();
        if depth == 0 {
            return Some(None);
        }
        let name = entry.file_name();
        let kind = entry.file_type();
        if kind.is_dir() {
            // Folders deeper than this one are done with.
            current.inputs.truncate(depth);
            current.outputs.truncate(depth);
        }
        if let Some(ours) = is_temporary(name) {
            if kind.is_dir() {
                current.entries.skip_current_dir();
            } else if !ours {
                let notice = Notice::StaleTemporary(entry.into_path());
                return Some(Some(Found::Notice(notice)));
            }
            return Some(None);
        }
        if !self.hidden && name.as_encoded_bytes().starts_with(b".") {
            if kind.is_dir() {
                current.entries.skip_current_dir();
            }
            return Some(None);
        }
        if kind.is_symlink() {
            // Not followed (with --follow, the walk reports the type of the target).
            return Some(Some(Found::Notice(Notice::Link(None))));
        }
        // With --follow, where a link leads matters.
        let mut open_path = None;
        if entry.path_is_symlink() {
            match check_followed_link(self.plan, self.target, entry.path()) {
                Ok(target) => open_path = Some(target),
                Err(reason) if kind.is_dir() => {
                    current.entries.skip_current_dir();
                    let message = format!("{}: {reason}", escape_path(entry.path()));
                    return Some(Some(Found::Notice(Notice::Link(Some(message)))));
                }
                Err(reason) if self.extensions.matches(Path::new(name)) => {
                    let path = entry.into_path();
                    return Some(Some(Found::Skipped { path, reason }));
                }
                Err(_) => return Some(None),
            }
        }
        if kind.is_dir() {
            // Open it from its parent, as the walk goes down (through a link
            // only if --follow followed one here, and to where it led then).
            let follow = match entry.path_is_symlink() {
                true => match entry.metadata() {
                    Ok(meta) => Some(Identity::of(&meta)),
                    Err(e) => return Some(Some(walk_error(e))),
                },
                false => None,
            };
            let input = match current.inputs.get(depth - 1).map(|p| p.as_ref()) {
                Some(Ok(parent)) if current.inputs.len() == depth => parent.subfolder(name, follow),
                _ => Err("its parent folder could not be opened".into()),
            };
            if let Err(e) = input {
                current.entries.skip_current_dir();
                return Some(Some(Found::Error(format!(
                    "{}: {e}",
                    escape_path(entry.path())
                ))));
            }
            current.inputs.push(Arc::new(input));
            if let Some(parent) = current.outputs.get(depth - 1).cloned() {
                let folder = child_folder(&parent, name, entry.path());
                // Said once, here, whether or not files follow (they inherit it).
                let error = match (&folder, parent.as_ref()) {
                    (Err(e), Ok(_)) => Some(Found::Error(e.clone())),
                    _ => None,
                };
                current.outputs.push(Arc::new(folder));
                return Some(error);
            }
            return Some(None);
        }
        if !self.extensions.matches(Path::new(name)) {
            return Some(None);
        }
        if !kind.is_file() {
            let reason = match entry.metadata() {
                Ok(meta) => format!("{}, not an article file", kind_name(&meta)),
                Err(_) => "not a regular file".into(),
            };
            let path = entry.into_path();
            return Some(Some(Found::Skipped { path, reason }));
        }
        let meta = match entry.metadata() {
            Ok(meta) => meta,
            Err(e) => return Some(Some(walk_error(e))),
        };
        // Under --out-dir, the output folder of this file's folder: the last
        // one on the stack, never another (a folder skipped is not entered).
        current.inputs.truncate(depth);
        current.outputs.truncate(depth);
        let output = self.out_root.as_ref().map(|_| {
            let folder = match current.outputs.get(depth - 1) {
                Some(folder) if current.outputs.len() == depth => Arc::clone(folder),
                _ => Arc::new(Err("its output folder is unknown (a walk error)".into())),
            };
            Output {
                folder,
                name: name.to_owned(),
            }
        });
        // Read in the folder the walk opened, or (a link --follow followed)
        // where the link led.
        let source = match open_path {
            Some(target) => Source::Path(target),
            None => match current.inputs.get(depth - 1) {
                Some(folder) if current.inputs.len() == depth => Source::InFolder {
                    folder: Arc::clone(folder),
                    name: name.to_owned(),
                },
                _ => Source::InFolder {
                    folder: Arc::new(Err("its folder could not be opened".into())),
                    name: name.to_owned(),
                },
            },
        };
        let path = entry.into_path();
        let job = Job {
            source,
            path,
            identity: Some(Identity::of(&meta)),
            size: meta.len(),
            output,
        };
        Some(self.admit(job))
    }
}

/// Where a link met with `--follow` leads, or why it is not followed: it
/// leads into (or around) the output folder, or, under `--in-place`,
/// outside the input folders.
fn check_followed_link(plan: &Plan, mode: &Target, link: &Path) -> Result<PathBuf, String> {
    let target = std::fs::canonicalize(link)
        .map_err(|e| format!("a symbolic link that cannot be resolved ({e}); not followed"))?;
    if let Some(out) = &plan.out_abs
        && (target.starts_with(out) || out.starts_with(&target))
    {
        return Err("a symbolic link into the output folder; not followed".into());
    }
    if *mode == Target::InPlace
        && !plan
            .roots
            .iter()
            .any(|r| matches!(r.kind, RootKind::Folder) && target.starts_with(&r.canonical))
    {
        return Err("a symbolic link that leads outside the input folders; not followed".into());
    }
    Ok(target)
}

/// The output folder `name` inside `parent` (whose failure it inherits).
fn child_folder(
    parent: &Result<Folder, String>,
    name: &OsStr,
    path: &Path,
) -> Result<Folder, String> {
    match parent {
        Ok(folder) => folder
            .child(name)
            .map_err(|e| format!("the output folder for {}: {e}", escape_path(path))),
        Err(e) => Err(e.clone()),
    }
}

fn walk_error(e: walkdir::Error) -> Found {
    if e.loop_ancestor().is_some() {
        let path = e.path().map(escape_path).unwrap_or_default();
        let message = format!("{path}: a symbolic link loop; not followed");
        return Found::Notice(Notice::Link(Some(message)));
    }
    let path = e.path().map(Path::to_path_buf).unwrap_or_default();
    if let Ok(meta) = std::fs::symlink_metadata(&path)
        && meta.file_type().is_symlink()
    {
        let message = format!(
            "{}: a broken symbolic link; not followed",
            escape_path(&path)
        );
        return Found::Notice(Notice::Link(Some(message)));
    }
    let reason = e
        .io_error()
        .map_or_else(|| e.to_string(), |io| io.to_string());
    Found::Error(format!("{}: {reason}", escape_path(&path)))
}

impl Iterator for Walk<'_> {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            if self.current.is_some() {
                match self.next_entry() {
                    Some(Some(found)) => return Some(found),
                    Some(None) => continue,
                    None => {
                        self.current = None;
                        continue;
                    }
                }
            }
            let root = self.next_root;
            if root >= self.plan.roots.len() {
                return None;
            }
            self.next_root += 1;
            if let Some(found) = self.start_root(root) {
                return Some(found);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_extensions_are_text_markdown_and_none() {
        let ext = Extensions::default();
        for name in ["a.txt", "a.TXT", "b.text", "c.md", "README", "x.y/z"] {
            assert!(ext.matches(Path::new(name)), "{name}");
        }
        for name in ["a.png", "a.html", "a.jsonl", "a.txt.gz"] {
            assert!(!ext.matches(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn ext_values_are_trimmed_and_replace_the_list() {
        let ext = Extensions::parse(&["txt".into(), " .MD".into()]);
        assert!(ext.matches(Path::new("a.md")) && ext.matches(Path::new("a.txt")));
        assert!(!ext.matches(Path::new("README")) && !ext.matches(Path::new("a.text")));
        let bare = Extensions::parse(&["".into(), "html".into()]);
        assert!(bare.matches(Path::new("README")) && bare.matches(Path::new("a.html")));
        assert_eq!(Extensions::parse(&["*".into()]), Extensions::All);
    }
}
