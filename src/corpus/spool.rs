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

/// One article as pass 1 leaves it for the later passes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// The cleaned text (per-article cleaning only).
    pub text: String,
    /// Free-form bytes the caller needs later (paths, report, ...).
    pub extra: Vec<u8>,
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

    /// Appends a record; returns its index.
    pub fn push(&mut self, text: &str, extra: &[u8]) -> io::Result<usize> {
        let header = [
            (text.len() as u64).to_le_bytes(),
            (extra.len() as u64).to_le_bytes(),
        ];
        self.writer.write_all(&header[0])?;
        self.writer.write_all(&header[1])?;
        self.writer.write_all(text.as_bytes())?;
        self.writer.write_all(extra)?;
        self.offsets.push(self.len);
        self.len += 16 + text.len() as u64 + extra.len() as u64;
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

    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    /// Bytes written so far.
    pub fn bytes(&self) -> u64 {
        self.len
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

    /// The cleaned text of record `index`.
    pub fn text(&self, index: usize) -> io::Result<String> {
        let (offset, text_len, _) = self.header(index)?;
        let mut buf = vec![0; text_len];
        self.read_at(&mut buf, offset + 16)?;
        into_string(buf)
    }

    /// The whole record `index`.
    pub fn record(&self, index: usize) -> io::Result<Record> {
        let (offset, text_len, extra_len) = self.header(index)?;
        let mut buf = vec![0; text_len + extra_len];
        self.read_at(&mut buf, offset + 16)?;
        let extra = buf.split_off(text_len);
        Ok(Record {
            text: into_string(buf)?,
            extra,
        })
    }

    fn header(&self, index: usize) -> io::Result<(u64, usize, usize)> {
        let offset = *self
            .offsets
            .get(index)
            .ok_or_else(|| io::Error::other(format!("no spool record {index}")))?;
        let mut header = [0u8; 16];
        self.read_at(&mut header, offset)?;
        let field = |k: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&header[k * 8..k * 8 + 8]);
            u64::from_le_bytes(b) as usize
        };
        Ok((offset, field(0), field(1)))
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

fn into_string(buf: Vec<u8>) -> io::Result<String> {
    String::from_utf8(buf).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

impl super::Texts for Reader {
    fn text(&self, id: usize) -> io::Result<String> {
        Reader::text(self, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_come_back_by_index() {
        let mut spool = Spool::new(None).unwrap();
        assert_eq!(spool.push("first text", b"a").unwrap(), 0);
        assert_eq!(spool.push("", b"").unwrap(), 1);
        assert_eq!(spool.push("third — ünïcode", b"\xff\x00").unwrap(), 2);
        assert_eq!(spool.len(), 3);
        let reader = spool.finish().unwrap();
        assert_eq!(reader.text(2).unwrap(), "third — ünïcode");
        assert_eq!(reader.text(0).unwrap(), "first text");
        let r = reader.record(2).unwrap();
        assert_eq!(r.extra, b"\xff\x00");
        assert_eq!(reader.record(1).unwrap(), Record::default());
        assert!(reader.text(3).is_err());
    }
}
