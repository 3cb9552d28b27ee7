//! What pass 1 keeps of a file for pass 2: its paths (packed, for path
//! order), its site, and the metadata spooled beside its cleaned text.

use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};

use newsdedup::Span;

use crate::batch::files::{Folder, Identity, Problem};

/// The articles' relative paths, packed (about their length in bytes each).
#[derive(Debug, Default)]
pub struct Names {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Names {
    pub fn push(&mut self, relative: &Path) {
        self.bytes
            .extend_from_slice(&os_bytes(relative.as_os_str()));
        self.ends.push(self.bytes.len());
    }

    /// Each article's rank in path order (folder by folder, name by name, as
    /// the walk goes).
    pub fn ranks(&self) -> Vec<u64> {
        let name = |i: usize| {
            let start = if i == 0 { 0 } else { self.ends[i - 1] };
            os_from_bytes(&self.bytes[start..self.ends[i]])
        };
        let mut order: Vec<usize> = (0..self.ends.len()).collect();
        order.sort_by_cached_key(|&i| name(i));
        let mut ranks = vec![0; order.len()];
        for (r, i) in order.into_iter().enumerate() {
            ranks[i] = r as u64;
        }
        ranks
    }
}

/// A page's site: its folder under its input, or the first `depth` folders
/// (`.` for a page right in its input folder).
pub fn site_name(relative: &Path, depth: Option<usize>) -> Vec<u8> {
    let folder = relative.parent().unwrap_or(Path::new(""));
    let parts: Vec<&OsStr> = folder.iter().collect();
    if parts.is_empty() || depth == Some(0) {
        return b".".to_vec();
    }
    let take = depth.unwrap_or(parts.len()).min(parts.len());
    let mut out = Vec::new();
    for (k, part) in parts[..take].iter().enumerate() {
        if k > 0 {
            out.push(b'/');
        }
        out.extend_from_slice(&os_bytes(part));
    }
    out
}

#[cfg(unix)]
pub fn os_bytes(s: &OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    s.as_bytes().to_vec()
}

#[cfg(not(unix))]
pub fn os_bytes(s: &OsStr) -> Vec<u8> {
    s.to_string_lossy().into_owned().into_bytes()
}

#[cfg(unix)]
pub fn os_from_bytes(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(OsStr::from_bytes(b))
}

#[cfg(not(unix))]
pub fn os_from_bytes(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

/// What pass 1 keeps of an article besides its cleaned text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// The path as walked: how the article is shown and reported.
    pub path: PathBuf,
    /// Its name in the corpus: its path under its input folder, with the
    /// input's own name in front when there are several (as `--out-dir`
    /// mirrors it); sites and path order come from it.
    pub relative: PathBuf,
    /// Where it is read again: the walked path, or where a link `--follow`
    /// followed leads.
    pub source: PathBuf,
    /// The file pass 1 read (device and inode): a file read again must be it.
    pub identity: Identity,
    pub bytes_in: u64,
    pub changed: bool,
    pub sentences_dropped: u32,
    pub paragraphs_dropped: u32,
    /// Spans of the input that make the cleaned text.
    pub kept: Vec<Span>,
    /// The per-article report (JSON), when a report is wanted.
    pub report: String,
    /// The per-article explanation, when wanted.
    pub explain: String,
    /// The cleaned text's first line (what counting needs of the text).
    pub title: String,
    /// A hash of the input's bytes: the cleaned text is rebuilt from the
    /// input and `kept` when needed, if the input is still what it was.
    pub input_hash: u64,
}

/// The hash [`Meta::input_hash`] is.
pub fn input_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

impl Meta {
    /// The cleaned text, rebuilt from the input file; an error if the file
    /// changed since pass 1 (or is another file now). The file is opened in
    /// its folder without following a link, as pass 1 opened it.
    pub fn cleaned_text(&self) -> io::Result<String> {
        let name = self
            .source
            .file_name()
            .ok_or_else(|| io::Error::other("not a file name"))?;
        let mut input = Folder::parent_of(&self.source)?
            .open_input(name, Some(self.identity))
            .map_err(|problem| match problem {
                Problem::Skip(reason) | Problem::Fail(reason) => io::Error::other(reason),
            })?;
        self.rebuild(&input.read_all()?)
    }

    /// The cleaned text, rebuilt from `bytes`, the input read again; an
    /// error if they are not what pass 1 read.
    pub fn rebuild(&self, bytes: &[u8]) -> io::Result<String> {
        if input_hash(bytes) != self.input_hash {
            return Err(io::Error::other("changed during the run"));
        }
        let mut out = Vec::with_capacity(bytes.len());
        for span in &self.kept {
            let piece = bytes
                .get(span.start..span.end)
                .ok_or_else(|| io::Error::other("a kept span out of the input"))?;
            out.extend_from_slice(piece);
        }
        String::from_utf8(out).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

impl Meta {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&self.input_hash.to_le_bytes());
        let mut field = |bytes: &[u8]| {
            out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            out.extend_from_slice(bytes);
        };
        field(&os_bytes(self.path.as_os_str()));
        field(&os_bytes(self.relative.as_os_str()));
        field(&os_bytes(self.source.as_os_str()));
        let mut numbers = Vec::new();
        for n in [
            self.bytes_in,
            u64::from(self.changed),
            u64::from(self.sentences_dropped),
            u64::from(self.paragraphs_dropped),
            self.identity.dev,
            self.identity.ino,
        ] {
            numbers.extend_from_slice(&n.to_le_bytes());
        }
        field(&numbers);
        let mut spans = Vec::with_capacity(self.kept.len() * 16);
        for s in &self.kept {
            spans.extend_from_slice(&(s.start as u64).to_le_bytes());
            spans.extend_from_slice(&(s.end as u64).to_le_bytes());
        }
        field(&spans);
        field(self.report.as_bytes());
        field(self.explain.as_bytes());
        field(self.title.as_bytes());
        out
    }

    pub fn decode(bytes: &[u8]) -> io::Result<Meta> {
        let bad = || io::Error::new(io::ErrorKind::InvalidData, "bad spool record");
        let input_hash = u64::from_le_bytes(
            bytes
                .get(..8)
                .ok_or_else(bad)?
                .try_into()
                .map_err(|_| bad())?,
        );
        let mut rest = &bytes[8..];
        let mut field = || -> io::Result<&[u8]> {
            let len = u64::from_le_bytes(
                rest.get(..8)
                    .ok_or_else(bad)?
                    .try_into()
                    .map_err(|_| bad())?,
            );
            let len = usize::try_from(len).map_err(|_| bad())?;
            let body = rest.get(8..8 + len).ok_or_else(bad)?;
            rest = &rest[8 + len..];
            Ok(body)
        };
        let path = os_from_bytes(field()?);
        let relative = os_from_bytes(field()?);
        let source = os_from_bytes(field()?);
        let numbers: Vec<u64> = field()?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
            .collect();
        let [bytes_in, changed, sentences, paragraphs, dev, ino] = numbers[..] else {
            return Err(bad());
        };
        let spans: Vec<u64> = field()?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
            .collect();
        let kept = spans
            .chunks_exact(2)
            .map(|p| Span::new(p[0] as usize, p[1] as usize))
            .collect();
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        Ok(Meta {
            path,
            relative,
            source,
            identity: Identity { dev, ino },
            bytes_in,
            changed: changed != 0,
            sentences_dropped: sentences as u32,
            paragraphs_dropped: paragraphs as u32,
            kept,
            report: text(field()?),
            explain: text(field()?),
            title: text(field()?),
            input_hash,
        })
    }
}

/// Maps a span of the cleaned text back to the input (through the spans of
/// the input that make up the cleaned text).
pub fn to_input(kept: &[Span], span: Span) -> Span {
    let map = |offset: usize, end: bool| {
        let mut at = 0;
        for s in kept {
            let len = s.len();
            if offset < at + len || (end && offset == at + len) {
                return s.start + (offset - at);
            }
            at += len;
        }
        kept.last().map_or(offset, |s| s.end)
    };
    Span::new(map(span.start, false), map(span.end, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_are_folders() {
        let p = Path::new("big5-05/cnn.com/storm-1.txt");
        assert_eq!(site_name(p, None), b"big5-05/cnn.com");
        assert_eq!(site_name(p, Some(1)), b"big5-05");
        assert_eq!(site_name(p, Some(9)), b"big5-05/cnn.com");
        assert_eq!(site_name(Path::new("a.txt"), None), b".");
    }

    #[test]
    fn names_rank_in_walk_order() {
        let mut names = Names::default();
        for p in ["b/x.txt", "a-c.txt", "a/z.txt", "a/b/y.txt"] {
            names.push(Path::new(p));
        }
        assert_eq!(names.ranks(), [3, 2, 1, 0]);
    }

    #[test]
    fn meta_round_trips() {
        let meta = Meta {
            path: PathBuf::from("in/x/a b.txt"),
            relative: PathBuf::from("x/a b.txt"),
            source: PathBuf::from("/abs/x/a b.txt"),
            identity: Identity { dev: 7, ino: 99 },
            bytes_in: 1234,
            changed: true,
            sentences_dropped: 3,
            paragraphs_dropped: 1,
            kept: vec![Span::new(0, 10), Span::new(20, 30)],
            report: "{\"path\":\"in/x/a b.txt\"}".into(),
            explain: String::new(),
            title: "A title".into(),
            input_hash: 42,
        };
        assert_eq!(Meta::decode(&meta.encode()).unwrap(), meta);
        assert!(Meta::decode(b"\0\0\0\0\0\0\0\0\x05\0\0\0\0\0\0\0ab").is_err());
    }

    #[test]
    fn the_cleaned_text_is_rebuilt_from_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "AAAA--BBBB").unwrap();
        let identity = Identity::of(&std::fs::metadata(&path).unwrap());
        let meta = Meta {
            path: path.clone(),
            source: path.clone(),
            identity,
            kept: vec![Span::new(0, 4), Span::new(6, 10)],
            input_hash: input_hash(b"AAAA--BBBB"),
            ..Meta::default()
        };
        assert_eq!(meta.cleaned_text().unwrap(), "AAAABBBB");
        std::fs::write(&path, "AAAA--BBBC").unwrap();
        assert!(meta.cleaned_text().is_err());
        // Another file in its place is refused, even with the same bytes.
        std::fs::remove_file(&path).unwrap();
        std::fs::write(dir.path().join("b.txt"), "AAAA--BBBB").unwrap();
        std::os::unix::fs::symlink("b.txt", &path).unwrap();
        assert!(meta.cleaned_text().is_err());
    }

    #[test]
    fn cleaned_offsets_map_back_to_the_input() {
        // Input "AAAA--BBBB": the cleaned text is "AAAABBBB".
        let kept = [Span::new(0, 4), Span::new(6, 10)];
        assert_eq!(to_input(&kept, Span::new(0, 4)), Span::new(0, 4));
        assert_eq!(to_input(&kept, Span::new(4, 8)), Span::new(6, 10));
        assert_eq!(to_input(&kept, Span::new(5, 7)), Span::new(7, 9));
    }
}
