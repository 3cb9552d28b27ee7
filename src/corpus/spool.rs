//! The spool: where corpus mode keeps the cleaned articles between its passes.
//!
//! Holding every text in memory would make memory grow with the corpus, and
//! reading and cleaning every input again would double the work. So pass 1
//! appends each cleaned article (and what the report needs of it) to one
//! temporary file, and later passes read records back by offset. Only the
//! offsets (8 bytes per article) stay in memory. The file is anonymous (in
//! `TMPDIR`, or the folder given): it disappears when the run ends, however
//! it ends.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use newsdedup::Span;

use super::text::Line;

/// One article as pass 1 leaves it for the later passes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// The cleaned text (per-article cleaning only).
    pub text: String,
    /// Its lines (so that later passes need not hash its words again).
    pub lines: Vec<Line>,
    /// Free-form bytes the caller needs later (paths, report, ...).
    pub extra: Vec<u8>,
}

/// Bytes a line takes in the spool.
const LINE_BYTES: usize = 32;

fn encode_line(l: &Line, out: &mut Vec<u8>) {
    out.extend_from_slice(&(l.span.start as u32).to_le_bytes());
    out.extend_from_slice(&(l.span.end as u32).to_le_bytes());
    out.extend_from_slice(&l.hash.to_le_bytes());
    out.extend_from_slice(&l.words_hash.to_le_bytes());
    out.extend_from_slice(&l.words.to_le_bytes());
    out.extend_from_slice(&[u8::from(l.sentence), 0, 0, 0]);
}

fn decode_line(b: &[u8]) -> Line {
    let u32_at = |k: usize| u32::from_le_bytes([b[k], b[k + 1], b[k + 2], b[k + 3]]);
    let u64_at = |k: usize| {
        let mut x = [0u8; 8];
        x.copy_from_slice(&b[k..k + 8]);
        u64::from_le_bytes(x)
    };
    Line {
        span: Span::new(u32_at(0) as usize, u32_at(4) as usize),
        hash: u64_at(8),
        words_hash: u64_at(16),
        words: u32_at(24),
        sentence: b[28] != 0,
    }
}

/// An append-only file of records, read back by index from any thread.
#[derive(Debug)]
pub struct Spool {
    writer: BufWriter<File>,
    reader: File,
    offsets: Vec<u64>,
    len: u64,
}

impl Spool {
    /// A new, empty spool in `dir` (or the system's temporary folder).
    pub fn new(dir: Option<&Path>) -> io::Result<Self> {
        let file = match dir {
            Some(dir) => tempfile::tempfile_in(dir)?,
            None => tempfile::tempfile()?,
        };
        let reader = file.try_clone()?;
        Ok(Spool {
            writer: BufWriter::with_capacity(1 << 20, file),
            reader,
            offsets: Vec::new(),
            len: 0,
        })
    }

    /// Appends a record; returns its index. (Texts longer than 4 GB are
    /// refused: a line's span is kept in 32 bits.)
    pub fn push(&mut self, text: &str, lines: &[Line], extra: &[u8]) -> io::Result<usize> {
        if text.len() > u32::MAX as usize {
            return Err(io::Error::other("an article of 4 GB or more"));
        }
        let mut encoded = Vec::with_capacity(lines.len() * LINE_BYTES);
        for l in lines {
            encode_line(l, &mut encoded);
        }
        for n in [text.len(), encoded.len(), extra.len()] {
            self.writer.write_all(&(n as u64).to_le_bytes())?;
        }
        self.writer.write_all(text.as_bytes())?;
        self.writer.write_all(&encoded)?;
        self.writer.write_all(extra)?;
        self.offsets.push(self.len);
        self.len += HEADER as u64 + (text.len() + encoded.len() + extra.len()) as u64;
        Ok(self.offsets.len() - 1)
    }

    /// Ends writing: records can be read from now on.
    pub fn finish(mut self) -> io::Result<Reader> {
        self.writer.flush()?;
        Ok(Reader {
            file: self.reader,
            offsets: self.offsets,
        })
    }
}

/// The spool once written: records by index, from any thread.
#[derive(Debug)]
pub struct Reader {
    file: File,
    offsets: Vec<u64>,
}

impl Reader {
    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    /// The cleaned text and lines of record `index`.
    pub fn page(&self, index: usize) -> io::Result<(String, Vec<Line>)> {
        let (offset, text_len, lines_len, _) = self.header(index)?;
        let mut buf = vec![0; text_len + lines_len];
        self.read_at(&mut buf, offset + HEADER as u64)?;
        let lines = buf[text_len..]
            .chunks_exact(LINE_BYTES)
            .map(decode_line)
            .collect();
        buf.truncate(text_len);
        Ok((into_string(buf)?, lines))
    }

    /// The lines of record `index`, and the text of its first line (its
    /// title): what counting needs, without reading the whole text.
    pub fn lines_and_title(&self, index: usize) -> io::Result<(Vec<Line>, String)> {
        let (offset, text_len, lines_len, _) = self.header(index)?;
        let mut buf = vec![0; lines_len];
        self.read_at(&mut buf, offset + (HEADER + text_len) as u64)?;
        let lines: Vec<Line> = buf.chunks_exact(LINE_BYTES).map(decode_line).collect();
        let title = match lines.first() {
            Some(l) if l.span.end <= text_len && l.span.start <= l.span.end => {
                let mut t = vec![0; l.span.end - l.span.start];
                self.read_at(&mut t, offset + (HEADER + l.span.start) as u64)?;
                into_string(t)?
            }
            _ => String::new(),
        };
        Ok((lines, title))
    }

    /// The caller's bytes of record `index` alone.
    pub fn extra(&self, index: usize) -> io::Result<Vec<u8>> {
        let (offset, text_len, lines_len, extra_len) = self.header(index)?;
        let mut buf = vec![0; extra_len];
        self.read_at(&mut buf, offset + (HEADER + text_len + lines_len) as u64)?;
        Ok(buf)
    }

    /// The whole record `index`.
    pub fn record(&self, index: usize) -> io::Result<Record> {
        let (offset, text_len, lines_len, extra_len) = self.header(index)?;
        let mut buf = vec![0; text_len + lines_len + extra_len];
        self.read_at(&mut buf, offset + HEADER as u64)?;
        let extra = buf.split_off(text_len + lines_len);
        let lines = buf[text_len..]
            .chunks_exact(LINE_BYTES)
            .map(decode_line)
            .collect();
        buf.truncate(text_len);
        Ok(Record {
            text: into_string(buf)?,
            lines,
            extra,
        })
    }

    fn header(&self, index: usize) -> io::Result<(u64, usize, usize, usize)> {
        let offset = *self
            .offsets
            .get(index)
            .ok_or_else(|| io::Error::other(format!("no spool record {index}")))?;
        let mut header = [0u8; HEADER];
        self.read_at(&mut header, offset)?;
        let field = |k: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&header[k * 8..k * 8 + 8]);
            u64::from_le_bytes(b) as usize
        };
        Ok((offset, field(0), field(1), field(2)))
    }

    #[cfg(unix)]
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        use std::os::unix::fs::FileExt;
        self.file.read_exact_at(buf, offset)
    }

    #[cfg(not(unix))]
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        use std::io::{Read, Seek, SeekFrom};
        // One shared cursor: serialise the reads.
        static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _guard = LOCK
            .lock()
            .map_err(|_| io::Error::other("spool lock poisoned"))?;
        let mut file = &self.file;
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(buf)
    }
}

/// Bytes of a record's header: the lengths of its text, lines and extra.
const HEADER: usize = 24;

fn into_string(buf: Vec<u8>) -> io::Result<String> {
    String::from_utf8(buf).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

impl super::Texts for Reader {
    fn page(&self, id: usize) -> io::Result<(String, Vec<Line>)> {
        Reader::page(self, id)
    }

    fn lines_and_title(&self, id: usize) -> io::Result<(Vec<Line>, String)> {
        Reader::lines_and_title(self, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_come_back_by_index() {
        let mut spool = Spool::new(None).unwrap();
        let third = "third — ünïcode\n\nA sentence of words here.\n";
        let lines = crate::corpus::text::lines(third);
        assert_eq!(spool.push("first text", &[], b"a").unwrap(), 0);
        assert_eq!(spool.push("", &[], b"").unwrap(), 1);
        assert_eq!(
            spool.push("third — ünïcode", &lines, b"\xff\x00").unwrap(),
            2
        );
        let reader = spool.finish().unwrap();
        assert_eq!(
            reader.page(2).unwrap(),
            ("third — ünïcode".to_owned(), lines.clone())
        );
        assert_eq!(reader.page(0).unwrap().0, "first text");
        let (l, title) = reader.lines_and_title(2).unwrap();
        assert_eq!((l, title.as_str()), (lines.clone(), "third — ünïcode"));
        let r = reader.record(2).unwrap();
        assert_eq!(r.extra, b"\xff\x00");
        assert_eq!(reader.extra(2).unwrap(), b"\xff\x00");
        assert_eq!(r.lines, lines);
        assert_eq!(reader.record(1).unwrap(), Record::default());
        assert!(reader.page(3).is_err());
    }
}
