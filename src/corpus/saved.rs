//! Incremental corpus mode: `--save-sketches FILE` keeps what a run knows
//! of its corpus, `--against FILE` deduplicates a new batch against it
//! without reading the earlier articles again.
//!
//! The file holds the per-site counts (the lines on two stories or more of
//! a site, site and title counts) and, for every article the run kept, its
//! name, site, sketch, the word hashes of its lines (what candidates are
//! matched against) and the hashes its story was counted with. A later run
//! ranks these articles first (being earlier, they win), pairs its own
//! articles with them through the same bands and anchors, and drops one of
//! its own when an earlier article contains it word for word (the scorer
//! needs both texts, so light edits are not recognised across runs, and a
//! line that is not content but may carry a fact blocks the match). Its
//! counts add to the saved ones, and the file it saves holds both runs.
//! Only sketches and counts are in memory; the lines of earlier articles
//! are read for those in candidate pairs only.
//!
//! Format (little-endian): the magic line, the counts, then one record per
//! article; see [`write_counts`] and [`write_article`].

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use super::sketch::{ANCHORS, BANDS, Sketch};
use super::stats::SavedCounts;
use super::{Collector, Earlier, EarlierLines, Key, Table};
use crate::batch::files::Folder;

const MAGIC: &[u8] = b"newsdedup sketches 1\n";

/// An article as saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedArticle {
    pub name: Vec<u8>,
    pub site: u64,
    pub content_words: u32,
    pub words: u32,
    pub date: Option<String>,
    pub sketch: Sketch,
    /// Word hashes of its lines (and of its dateless line).
    pub matched: Vec<u64>,
    /// Hashes of its lines after the title.
    pub counted: Vec<u64>,
}

impl SavedArticle {
    /// The record of a kept article of this run.
    pub fn of(name: Vec<u8>, site: u64, date: Option<String>, text: &str) -> Self {
        let (sketch, page) = super::sketch::sketch(text);
        let mut matched: Vec<u64> = super::verify::line_set(&page).into_iter().collect();
        matched.sort_unstable();
        let mut counted: Vec<u64> = page.lines.iter().skip(1).map(|l| l.hash).collect();
        counted.sort_unstable();
        counted.dedup();
        SavedArticle {
            name,
            site,
            content_words: sketch.content_words,
            words: sketch.words,
            date,
            sketch,
            matched,
            counted,
        }
    }
}

fn put_u32(out: &mut impl Write, v: u32) -> io::Result<()> {
    out.write_all(&v.to_le_bytes())
}

fn put_u64(out: &mut impl Write, v: u64) -> io::Result<()> {
    out.write_all(&v.to_le_bytes())
}

fn put_bytes(out: &mut impl Write, b: &[u8]) -> io::Result<()> {
    put_u32(out, b.len() as u32)?;
    out.write_all(b)
}

fn get_u32(r: &mut impl Read) -> io::Result<u32> {
    let mut b = [0; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn get_u64(r: &mut impl Read) -> io::Result<u64> {
    let mut b = [0; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

fn get_bytes(r: &mut impl Read) -> io::Result<Vec<u8>> {
    let len = get_u32(r)? as usize;
    if len > 1 << 30 {
        return Err(bad());
    }
    let mut b = vec![0; len];
    r.read_exact(&mut b)?;
    Ok(b)
}

fn bad() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "not a newsdedup sketches file")
}

/// Writes the counts: sites, lines, titles (each a count, then records).
pub fn write_counts(out: &mut impl Write, table: &Table) -> io::Result<()> {
    let mut sites: Vec<(u64, u32)> = table.site_stories.iter().map(|(&s, &n)| (s, n)).collect();
    sites.sort_unstable();
    put_u64(out, sites.len() as u64)?;
    for (s, n) in sites {
        put_u64(out, s)?;
        put_u32(out, n)?;
    }
    let mut lines: Vec<(u64, u64, u32, u32)> = table
        .lines
        .iter()
        .map(|(&(s, l), st)| {
            (
                s,
                l,
                st.stories,
                table.stories_of_line.get(&l).copied().unwrap_or(st.stories),
            )
        })
        .collect();
    lines.sort_unstable();
    put_u64(out, lines.len() as u64)?;
    for (s, l, n, all) in lines {
        put_u64(out, s)?;
        put_u64(out, l)?;
        put_u32(out, n)?;
        put_u32(out, all)?;
    }
    let mut titles: Vec<(u64, u64, u32)> =
        table.titles.iter().map(|(&(s, w), &n)| (s, w, n)).collect();
    titles.sort_unstable();
    put_u64(out, titles.len() as u64)?;
    for (s, w, n) in titles {
        put_u64(out, s)?;
        put_u64(out, w)?;
        put_u32(out, n)?;
    }
    Ok(())
}

fn read_counts(r: &mut impl Read) -> io::Result<SavedCounts> {
    let mut counts = SavedCounts::default();
    for _ in 0..get_u64(r)? {
        counts.site_stories.push((get_u64(r)?, get_u32(r)?));
    }
    for _ in 0..get_u64(r)? {
        counts
            .lines
            .push((get_u64(r)?, get_u64(r)?, get_u32(r)?, get_u32(r)?));
    }
    for _ in 0..get_u64(r)? {
        counts.titles.push((get_u64(r)?, get_u64(r)?, get_u32(r)?));
    }
    Ok(counts)
}

/// Writes one article record.
pub fn write_article(out: &mut impl Write, a: &SavedArticle) -> io::Result<()> {
    put_bytes(out, &a.name)?;
    put_u64(out, a.site)?;
    put_u32(out, a.content_words)?;
    put_u32(out, a.words)?;
    match &a.date {
        Some(d) => {
            out.write_all(&[1])?;
            put_bytes(out, d.as_bytes())?;
        }
        None => out.write_all(&[0])?,
    }
    for &b in &a.sketch.bands {
        put_u32(out, b)?;
    }
    for &x in &a.sketch.anchors {
        put_u64(out, x)?;
    }
    put_u64(out, a.sketch.exact)?;
    put_u32(out, a.sketch.content_lines)?;
    for list in [&a.matched, &a.counted] {
        put_u32(out, list.len() as u32)?;
        for &h in list {
            put_u64(out, h)?;
        }
    }
    Ok(())
}

fn read_article(r: &mut impl Read) -> io::Result<SavedArticle> {
    let name = get_bytes(r)?;
    let site = get_u64(r)?;
    let content_words = get_u32(r)?;
    let words = get_u32(r)?;
    let mut flag = [0u8];
    r.read_exact(&mut flag)?;
    let date = match flag[0] {
        0 => None,
        1 => Some(String::from_utf8(get_bytes(r)?).map_err(|_| bad())?),
        _ => return Err(bad()),
    };
    let mut bands = [0u32; BANDS];
    for b in &mut bands {
        *b = get_u32(r)?;
    }
    let mut anchors = [0u64; ANCHORS];
    for x in &mut anchors {
        *x = get_u64(r)?;
    }
    let exact = get_u64(r)?;
    let content_lines = get_u32(r)?;
    let mut lists = [Vec::new(), Vec::new()];
    for list in &mut lists {
        let n = get_u32(r)? as usize;
        if n > 1 << 24 {
            return Err(bad());
        }
        *list = (0..n).map(|_| get_u64(r)).collect::<io::Result<_>>()?;
    }
    let [matched, counted] = lists;
    Ok(SavedArticle {
        name,
        site,
        content_words,
        words,
        date,
        sketch: Sketch {
            bands,
            anchors,
            exact,
            content_lines,
            content_words,
            words,
        },
        matched,
        counted,
    })
}

/// A sketches file opened for `--against`.
pub struct EarlierFile {
    path: std::path::PathBuf,
    /// Collector id of its first article; its articles follow in order.
    first_id: usize,
    /// Byte offset of each article record.
    offsets: Vec<u64>,
    counts: SavedCounts,
}

impl EarlierFile {
    /// Reads `path` and adds its articles to `collector` (after this run's,
    /// as articles of an earlier run).
    pub fn load(path: &Path, collector: &mut Collector) -> io::Result<Self> {
        let mut r = BufReader::new(File::open(path)?);
        let mut magic = vec![0; MAGIC.len()];
        r.read_exact(&mut magic)?;
        if magic != MAGIC {
            return Err(bad());
        }
        let counts = read_counts(&mut r)?;
        let n = get_u64(&mut r)?;
        let first_id = collector.len();
        let mut offsets = Vec::with_capacity(n as usize);
        for k in 0..n {
            offsets.push(r.stream_position()?);
            let a = read_article(&mut r)?;
            let key = Key {
                earlier_run: true,
                content_words: a.content_words,
                words: a.words,
                date: a.date.map(Into::into),
                order: k,
            };
            collector.push_earlier(a.site, key, a.sketch);
        }
        Ok(EarlierFile {
            path: path.to_path_buf(),
            first_id,
            offsets,
            counts,
        })
    }

    fn article(&self, reader: &mut (impl Read + Seek), id: usize) -> io::Result<SavedArticle> {
        let offset = self
            .offsets
            .get(id.wrapping_sub(self.first_id))
            .ok_or_else(bad)?;
        reader.seek(SeekFrom::Start(*offset))?;
        read_article(reader)
    }

    /// The saved name (path or id) of earlier article `id`.
    pub fn name(&self, id: usize) -> io::Result<Vec<u8>> {
        let mut r = BufReader::new(File::open(&self.path)?);
        Ok(self.article(&mut r, id)?.name)
    }

    /// Copies every earlier article's record to `out`; returns how many.
    pub fn copy_articles(&self, out: &mut impl Write) -> io::Result<u64> {
        let mut r = BufReader::new(File::open(&self.path)?);
        for k in 0..self.offsets.len() {
            let a = self.article(&mut r, self.first_id + k)?;
            write_article(out, &a)?;
        }
        Ok(self.offsets.len() as u64)
    }
}

impl Earlier for EarlierFile {
    fn is_earlier(&self, id: usize) -> bool {
        id >= self.first_id && id - self.first_id < self.offsets.len()
    }

    fn lines(&self, ids: &[usize]) -> io::Result<FxHashMap<usize, EarlierLines>> {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let mut r = BufReader::new(File::open(&self.path)?);
        let mut out = FxHashMap::default();
        for id in ids {
            let a = self.article(&mut r, id)?;
            out.insert(
                id,
                EarlierLines {
                    words: a.matched.into_iter().collect::<FxHashSet<u64>>(),
                    exact: a.sketch.exact,
                    counted: a.counted,
                },
            );
        }
        Ok(out)
    }

    fn counts(&self) -> &SavedCounts {
        &self.counts
    }
}

/// Writes a sketches file: `table`'s counts, the earlier file's articles
/// (if any), then `articles` (this run's kept ones).
pub fn save(
    path: &Path,
    table: &Table,
    earlier: Option<&EarlierFile>,
    articles: impl IntoIterator<Item = io::Result<SavedArticle>>,
) -> io::Result<()> {
    let (dir, name) = match (path.parent(), path.file_name()) {
        (Some(p), Some(name)) if !p.as_os_str().is_empty() => (p, name),
        (_, Some(name)) => (Path::new("."), name),
        _ => return Err(io::Error::other("not a file name")),
    };
    // Written aside and renamed, as batch mode writes its outputs (a
    // temporary file of its own name, never through a link): a file given to
    // --against may be the same.
    let folder = Folder::create_root(dir)?;
    folder.write_file(name, 0o644, |out| {
        out.write_all(MAGIC)?;
        write_counts(out, table)?;
        // The number of articles is known only at the end: a placeholder.
        let count_at = MAGIC.len() as u64 + counts_len(table);
        put_u64(out, 0)?;
        let mut n = match earlier {
            Some(e) => e.copy_articles(out)?,
            None => 0,
        };
        for a in articles {
            write_article(out, &a?)?;
            n += 1;
        }
        out.flush()?;
        let mut file = *out.get_ref();
        file.seek(SeekFrom::Start(count_at))?;
        file.write_all(&n.to_le_bytes())?;
        file.seek(SeekFrom::End(0))?;
        Ok(())
    })
}

/// Bytes [`write_counts`] takes for `table`.
fn counts_len(table: &Table) -> u64 {
    (8 + table.site_stories.len() * 12 + 8 + table.lines.len() * 24 + 8 + table.titles.len() * 20)
        as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::sketch::Page;

    #[test]
    fn articles_round_trip() {
        let text = "Title here\n\nMIAMI (AP) — A sentence of the story here.\n\nHome\n";
        let a = SavedArticle::of(b"site/a.txt".to_vec(), 42, Some("2024-01-02".into()), text);
        let mut buf = Vec::new();
        write_article(&mut buf, &a).unwrap();
        assert_eq!(read_article(&mut buf.as_slice()).unwrap(), a);
        let page = Page::new(text);
        assert!(a.matched.contains(&page.undated.unwrap().1.words_hash));
        assert_eq!(a.counted.len(), 2);
    }

    #[test]
    fn counts_round_trip_and_take_their_length() {
        let mut table = Table::new(3);
        table.site_stories.insert(1, 10);
        table.lines.insert(
            (1, 5),
            super::super::furniture::LineStats {
                stories: 4,
                other_site: true,
            },
        );
        table.stories_of_line.insert(5, 6);
        table.titles.insert((1, 9), 2);
        let mut buf = Vec::new();
        write_counts(&mut buf, &table).unwrap();
        assert_eq!(buf.len() as u64, counts_len(&table));
        let counts = read_counts(&mut buf.as_slice()).unwrap();
        assert_eq!(counts.lines, [(1, 5, 4, 6)]);
        assert_eq!(counts.site_stories, [(1, 10)]);
        assert_eq!(counts.titles, [(1, 9, 2)]);
    }
}
