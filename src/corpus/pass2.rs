//! Pass 2 of corpus mode over folders: the files walked again are paired
//! with the articles pass 1 spooled ([`Matcher`]), and each is written
//! without its furniture, or not at all when it is a duplicate ([`Pass2`]),
//! through batch mode's safe file operations.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use newsdedup::paths::escape_path;

use crate::batch::files::{Identity, Problem};
use crate::batch::{Job, Target};

use super::files::{Meta, os_from_bytes, to_input};
use super::folders::open_job;
use super::furniture::{self, Drop};
use super::report::{self, Furniture};
use super::saved::EarlierFile;
use super::spool::Reader;
use super::{Earlier, Plan};

/// Pairs the files pass 2 walks with the articles pass 1 spooled: in the
/// same order, unless the folders changed in between.
pub struct Matcher<'a> {
    reader: &'a Reader,
    next: usize,
    /// Built only if the walks differ: each spooled path's article.
    by_path: Option<HashMap<PathBuf, usize>>,
}

pub enum Matched {
    /// The article `id`, after the articles `missed` (gone since pass 1).
    Articles { missed: Vec<usize>, id: usize },
    /// A file pass 1 did not see.
    New,
}

impl<'a> Matcher<'a> {
    pub fn new(reader: &'a Reader) -> Self {
        Matcher {
            reader,
            next: 0,
            by_path: None,
        }
    }

    fn path(&self, id: usize) -> Result<PathBuf> {
        let extra = self
            .reader
            .extra(id)
            .context("cannot read the spool file")?;
        Ok(Meta::decode(&extra)
            .context("the spool file is damaged")?
            .path)
    }

    pub fn find(&mut self, path: &Path) -> Result<Matched> {
        if self.next < self.reader.len() && self.path(self.next)? == path {
            self.next += 1;
            return Ok(Matched::Articles {
                missed: Vec::new(),
                id: self.next - 1,
            });
        }
        if self.by_path.is_none() {
            let mut map = HashMap::new();
            for id in 0..self.reader.len() {
                map.insert(self.path(id)?, id);
            }
            self.by_path = Some(map);
        }
        match self.by_path.as_ref().and_then(|m| m.get(path)) {
            Some(&id) if id >= self.next => {
                let missed = (self.next..id).collect();
                self.next = id + 1;
                Ok(Matched::Articles { missed, id })
            }
            _ => Ok(Matched::New),
        }
    }

    /// The articles not walked again.
    pub fn rest(&mut self) -> Vec<usize> {
        let rest = (self.next..self.reader.len()).collect();
        self.next = self.reader.len();
        rest
    }
}

/// What pass 2 needs, shared by the workers.
pub struct Pass2<'a> {
    pub plan: &'a Plan,
    pub reader: &'a Reader,
    pub earlier: Option<&'a EarlierFile>,
    pub target: &'a Target,
    pub explain: bool,
    pub want_report: bool,
    pub move_duplicates: Option<&'a Path>,
}

/// The article that contains a dropped one.
pub struct Container {
    pub path: PathBuf,
    pub relative: PathBuf,
    pub score: f64,
}

/// What pass 2 did with one article.
pub struct Written {
    pub meta: Meta,
    pub duplicate: Option<Container>,
    pub furniture: Vec<Furniture>,
    pub changed: bool,
    pub bytes_out: u64,
    pub failure: Option<String>,
    pub report: String,
    pub explain: String,
}

impl Pass2<'_> {
    /// Writes the article `id`, the file `job` as walked again (`None`: it
    /// is gone).
    pub fn write(&self, id: usize, job: Option<&Job>) -> Result<Written> {
        let record = self
            .reader
            .record(id)
            .context("cannot read the spool file")?;
        let meta = Meta::decode(&record.extra).context("the spool file is damaged")?;
        let failed = |meta: Meta, failure: String| Written {
            meta,
            duplicate: None,
            furniture: Vec::new(),
            changed: false,
            bytes_out: 0,
            failure: Some(failure),
            report: String::new(),
            explain: String::new(),
        };
        let Some(job) = job else {
            return Ok(failed(meta, "gone since it was read; not written".into()));
        };
        let (folder, name, mut input) = match open_job(job, self.target) {
            Ok(opened) => opened,
            Err(Problem::Skip(reason) | Problem::Fail(reason)) => {
                return Ok(failed(meta, format!("cannot read it again: {reason}")));
            }
        };
        if Identity::of(input.meta()) != meta.identity {
            return Ok(failed(
                meta,
                "replaced by another file during the run".into(),
            ));
        }
        let text = match input.read_all().and_then(|bytes| meta.rebuild(&bytes)) {
            Ok(text) => text,
            Err(e) => return Ok(failed(meta, format!("cannot read it again: {e}"))),
        };
        let lines = record.lines;
        let duplicate = match self.plan.duplicates[id] {
            Some(d) if self.earlier.is_some_and(|e| e.is_earlier(d.of)) => {
                let name = self
                    .earlier
                    .map(|e| e.name(d.of))
                    .transpose()
                    .context("cannot read the sketches")?
                    .unwrap_or_default();
                let name = os_from_bytes(&name);
                Some(Container {
                    path: name.clone(),
                    relative: name,
                    score: d.score,
                })
            }
            Some(d) => {
                let other = self
                    .reader
                    .extra(d.of)
                    .context("cannot read the spool file")?;
                let other = Meta::decode(&other).context("the spool file is damaged")?;
                Some(Container {
                    path: other.path,
                    relative: other.relative,
                    score: d.score,
                })
            }
            None => None,
        };
        let drops = self.plan.furniture(id, &text, &lines);
        let indices: Vec<usize> = drops.iter().map(|&(i, _)| i).collect();
        let spans = furniture::kept_spans(&text, &lines, &indices);
        let furniture: Vec<Furniture> = drops
            .iter()
            .map(|&(i, Drop { pages })| Furniture {
                span: to_input(&meta.kept, lines[i].span),
                text: lines[i].span.text(&text).to_owned(),
                pages,
            })
            .collect();
        let output: String = spans.iter().map(|s| s.text(&text)).collect();
        let changed = duplicate.is_some() || meta.changed || !furniture.is_empty();
        let mut failure = None;
        let bytes_out = if duplicate.is_some() {
            0
        } else {
            output.len() as u64
        };
        match (self.target, &job.output) {
            (Target::OutDir(_), Some(out)) if duplicate.is_none() => {
                let mode = std::os::unix::fs::PermissionsExt::mode(&input.meta().permissions());
                failure = match out.folder.as_ref() {
                    Ok(out_folder) => out_folder
                        .write_file(&out.name, mode, |w| w.write_all(output.as_bytes()))
                        .err()
                        .map(|e| format!("cannot write its output: {e}")),
                    Err(e) => Some(e.clone()),
                };
            }
            (Target::InPlace, _) => {
                let rewritten = meta.changed || !furniture.is_empty();
                if rewritten {
                    failure = folder
                        .rewrite(name, &input, |w| w.write_all(output.as_bytes()))
                        .err()
                        .map(|(Problem::Skip(reason) | Problem::Fail(reason))| reason);
                }
                if let (Some(dir), Some(_), None) = (self.move_duplicates, &duplicate, &failure) {
                    let to = dir.join(&meta.relative);
                    failure = to
                        .parent()
                        .map_or(Ok(()), fs::create_dir_all)
                        .map_err(|e| {
                            format!("cannot create the folder of {}: {e}", escape_path(&to))
                        })
                        .and_then(|()| {
                            folder
                                .move_out(name, (!rewritten).then_some(&input), &to)
                                .map_err(|(Problem::Skip(r) | Problem::Fail(r))| r)
                        })
                        .err();
                }
            }
            _ => {}
        }
        let report = if self.want_report {
            // The first article of its story, when that is another.
            let story = self.plan.stories[id];
            let story = if story == id || self.earlier.is_some_and(|e| e.is_earlier(story)) {
                None
            } else {
                let other = self
                    .reader
                    .extra(story)
                    .context("cannot read the spool file")?;
                Some(
                    Meta::decode(&other)
                        .context("the spool file is damaged")?
                        .path,
                )
            };
            report::article_line(
                &meta.report,
                duplicate.as_ref().map(|d| (d.path.as_path(), d.score)),
                story.as_deref(),
                &furniture,
            )
        } else {
            String::new()
        };
        let explain = if self.explain {
            report::explain(
                &meta.path,
                &meta.explain,
                duplicate.as_ref().map(|d| (d.path.as_path(), d.score)),
                &furniture,
            )
        } else {
            String::new()
        };
        Ok(Written {
            meta,
            duplicate,
            furniture,
            changed,
            bytes_out,
            failure,
            report,
            explain,
        })
    }
}
