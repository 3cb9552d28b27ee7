//! The file operations of batch mode, safe in a hostile folder.
//!
//! A scraped folder may hold links, FIFOs and names someone else chose, and
//! may change while the run goes on. So:
//! - input folders are opened one from the other as the walk goes down
//!   ([`Folder::subfolder`]), so a folder swapped for a link is not entered;
//!   an input is opened inside its folder's handle without following a link
//!   (`O_NOFOLLOW`) or blocking (`O_NONBLOCK`: a FIFO swapped in is not
//!   waited on), and must be the regular file the walk saw (same device and
//!   inode);
//! - every output is written to a new temporary file in its folder
//!   (`O_CREAT | O_EXCL`, a recognisable name: [`is_temporary`]) and renamed
//!   over its final name once complete. A link or a hard-linked file at the
//!   destination is replaced, never written through, and a killed run leaves
//!   no half-written file under a final name;
//! - output folders are created and opened one component at a time inside
//!   the folder above (`mkdirat`, `openat` with `O_NOFOLLOW`), so a link
//!   planted on the way is refused, not followed;
//! - an in-place rewrite happens in the folder the file was read from, and
//!   only after checking that the file is still the one read, unchanged.

use std::ffi::OsStr;
use std::fs::{self, File, FileTimes};
use std::io::{self, BufWriter, Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use newsdedup::paths::escape_path;
use rustix::fs::{AtFlags, CWD, Mode, OFlags, mkdirat, openat, renameat, statat, unlinkat};

/// What became of a file operation that did not succeed: the file is left
/// alone on purpose (`Skip`), or something went wrong (`Fail`).
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    Skip(String),
    Fail(String),
}

/// A file's identity: its device and inode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Identity {
    pub dev: u64,
    pub ino: u64,
}

impl Identity {
    pub fn of(meta: &fs::Metadata) -> Identity {
        Identity {
            dev: meta.dev(),
            ino: meta.ino(),
        }
    }
}

/// What an in-place rewrite checks has not changed since the file was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Snapshot {
    identity: Identity,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Snapshot {
    fn of(meta: &fs::Metadata) -> Snapshot {
        Snapshot {
            identity: Identity::of(meta),
            size: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        }
    }

    // The field types of `struct stat` differ between platforms.
    #[allow(clippy::unnecessary_cast)]
    fn of_stat(st: &rustix::fs::Stat) -> Snapshot {
        Snapshot {
            identity: Identity {
                dev: st.st_dev as u64,
                ino: st.st_ino as u64,
            },
            size: st.st_size as u64,
            mtime: (st.st_mtime as i64, st.st_mtime_nsec as i64),
            ctime: (st.st_ctime as i64, st.st_ctime_nsec as i64),
        }
    }
}

/// What kind of file `meta` describes, in words, for a message.
pub fn kind_name(meta: &fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_dir() {
        "a folder"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

/// An input file, open for reading, with what `fstat` said when it was opened.
pub struct Input {
    file: File,
    meta: fs::Metadata,
}

impl Input {
    /// Opens `path` for reading, without following a link in its last
    /// component and without blocking. Anything but a regular file is
    /// skipped; so is a file that is not `expected` (the walk saw another).
    #[cfg(test)]
    pub fn open(path: &Path, expected: Option<Identity>) -> Result<Input, Problem> {
        Input::open_at(CWD, path.as_os_str(), expected, false)
    }

    /// Opens the file named on the command line for one article: as
    /// [`Input::open`], but a link is followed (the user named it).
    pub fn open_named(path: &Path) -> Result<Input, Problem> {
        Input::open_at(CWD, path.as_os_str(), None, true)
    }

    fn open_at(
        dir: impl AsFd,
        name: &OsStr,
        expected: Option<Identity>,
        follow: bool,
    ) -> Result<Input, Problem> {
        let mut flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
        if !follow {
            flags |= OFlags::NOFOLLOW;
        }
        let fd = openat(dir, name, flags, Mode::empty()).map_err(|e| match e {
            rustix::io::Errno::LOOP => {
                Problem::Skip("a symbolic link (it was a file when the folder was read)".into())
            }
            e => Problem::Fail(format!("cannot open: {}", io::Error::from(e))),
        })?;
        let file = File::from(fd);
        let meta = file
            .metadata()
            .map_err(|e| Problem::Fail(format!("cannot read: {e}")))?;
        if !meta.is_file() {
            return Err(Problem::Skip(format!(
                "{}, not an article file",
                kind_name(&meta)
            )));
        }
        if expected.is_some_and(|id| id != Identity::of(&meta)) {
            return Err(Problem::Skip(
                "replaced by another file while the run went on".into(),
            ));
        }
        Ok(Input { file, meta })
    }

    pub fn meta(&self) -> &fs::Metadata {
        &self.meta
    }

    /// The whole file.
    pub fn read_all(&mut self) -> io::Result<Vec<u8>> {
        let size = usize::try_from(self.meta.len()).unwrap_or(0);
        let mut bytes = Vec::new();
        bytes.try_reserve_exact(size.saturating_add(1))?;
        self.file.read_to_end(&mut bytes)?;
        Ok(bytes)
    }
}

/// The name prefix of every temporary file newsdedup writes.
const TEMP_PREFIX: &str = ".newsdedup-";
/// ... and its suffix.
const TEMP_SUFFIX: &str = ".tmp";

/// Whether `name` is a temporary file of newsdedup (`.newsdedup-*.tmp`),
/// and if so whether this process wrote it (its name holds our [`run_tag`]).
pub fn is_temporary(name: &OsStr) -> Option<bool> {
    let name = name.to_str()?;
    let middle = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let ours = middle
        .rsplit_once('-')
        .is_some_and(|(tag, _)| tag == run_tag());
    Some(ours)
}

/// What names this run's temporary files: the process id, and the time it
/// started (process ids repeat, in a container from one run to the next).
fn run_tag() -> &'static str {
    static TAG: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TAG.get_or_init(|| {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        format!("{}.{nanos:08x}", std::process::id())
    })
}

/// Numbers our temporary files.
static TEMP_COUNT: AtomicU64 = AtomicU64::new(0);

/// A folder open for writing files into, by handle (not by path).
#[derive(Debug)]
pub struct Folder {
    fd: OwnedFd,
}

impl Folder {
    /// Opens the output folder the user named, creating it (and its parents)
    /// if needed. Links in this path are followed: the user chose it.
    pub fn create_root(path: &Path) -> io::Result<Folder> {
        fs::create_dir_all(path)?;
        let fd = openat(
            CWD,
            path,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        Ok(Folder { fd })
    }

    /// Opens the folder at `path` (an input folder the user named: links in
    /// this path are followed).
    pub fn open(path: &Path) -> io::Result<Folder> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let fd = openat(CWD, path, flags, Mode::empty())?;
        Ok(Folder { fd })
    }

    /// Opens the folder that holds the file `path`.
    pub fn parent_of(path: &Path) -> io::Result<Folder> {
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => Folder::open(p),
            _ => Folder::open(Path::new(".")),
        }
    }

    /// Opens the existing subfolder `name`, as the walk of the input goes
    /// down: never through a link, unless `follow` (a link `--follow` lets
    /// through); then it must lead to `expected`. So the folder a file is read
    /// from (and, with `--in-place`, replaced in) is the one reached from the
    /// input folder, even if a folder on the way is swapped for a link after
    /// the walk listed it.
    pub fn subfolder(&self, name: &OsStr, follow: Option<Identity>) -> Result<Folder, String> {
        let mut flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        if follow.is_none() {
            flags |= OFlags::NOFOLLOW;
        }
        let fd = openat(&self.fd, name, flags, Mode::empty()).map_err(|e| match e {
            rustix::io::Errno::LOOP | rustix::io::Errno::NOTDIR => {
                "no longer a folder (replaced, by a link or a file, while the run went on)"
                    .to_string()
            }
            e => format!("cannot open the folder: {}", io::Error::from(e)),
        })?;
        if let Some(expected) = follow {
            let meta = File::from(fd.try_clone().map_err(|e| e.to_string())?)
                .metadata()
                .map_err(|e| format!("cannot read the folder: {e}"))?;
            if Identity::of(&meta) != expected {
                return Err("the link was changed while the run went on; not followed".into());
            }
        }
        Ok(Folder { fd })
    }

    /// The subfolder `name`, created if absent. A link or a file standing
    /// there is refused, never followed.
    pub fn child(&self, name: &OsStr) -> Result<Folder, String> {
        match mkdirat(&self.fd, name, Mode::from_raw_mode(0o777)) {
            Ok(()) | Err(rustix::io::Errno::EXIST) => {}
            Err(e) => return Err(format!("cannot create the folder: {}", io::Error::from(e))),
        }
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        match openat(&self.fd, name, flags, Mode::empty()) {
            Ok(fd) => Ok(Folder { fd }),
            Err(rustix::io::Errno::LOOP | rustix::io::Errno::NOTDIR) => {
                let link = statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW).is_ok_and(|st| {
                    rustix::fs::FileType::from_raw_mode(st.st_mode) == rustix::fs::FileType::Symlink
                });
                Err(if link {
                    "a symbolic link stands where the folder goes (not followed)".into()
                } else {
                    "a file stands where the folder goes".into()
                })
            }
            Err(e) => Err(format!("cannot open the folder: {}", io::Error::from(e))),
        }
    }

    /// Creates a new temporary file in this folder with `mode` (less the
    /// umask): never an existing file, never through a link.
    fn create_temporary(&self, mode: u32) -> io::Result<(String, File)> {
        let flags =
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        loop {
            let n = TEMP_COUNT.fetch_add(1, Ordering::Relaxed);
            let name = format!("{TEMP_PREFIX}{}-{n}{TEMP_SUFFIX}", run_tag());
            match openat(
                &self.fd,
                name.as_str(),
                flags,
                Mode::from_raw_mode(mode & 0o777),
            ) {
                Ok(fd) => return Ok((name, File::from(fd))),
                Err(rustix::io::Errno::EXIST) => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Writes the file `name` in this folder: to a temporary file first,
    /// renamed over `name` once complete (whatever stood there, a link
    /// included, is replaced, not written through). The new file gets the
    /// permission bits `mode`, less the umask; on any error nothing is left.
    pub fn write_file(
        &self,
        name: &OsStr,
        mode: u32,
        write: impl FnOnce(&mut BufWriter<&File>) -> io::Result<()>,
    ) -> io::Result<()> {
        let (temp, file) = self.create_temporary(mode)?;
        let result = (|| {
            let mut out = BufWriter::with_capacity(1 << 16, &file);
            write(&mut out)?;
            out.flush()?;
            drop(out);
            renameat(&self.fd, temp.as_str(), &self.fd, name).map_err(io::Error::from)
        })();
        if result.is_err() {
            let _ = unlinkat(&self.fd, temp.as_str(), AtFlags::empty());
        }
        result
    }

    /// Moves the file `name` of this folder, if it is still `input` (if
    /// given: `None` right after this run rewrote it), to the path `to` (whose
    /// folder exists), never replacing a file there (corpus mode's
    /// `--move-duplicates`).
    pub fn move_out(&self, name: &OsStr, input: Option<&Input>, to: &Path) -> Result<(), Problem> {
        if let Some(input) = input {
            self.check_unchanged(name, input)?;
        }
        rustix::fs::renameat_with(&self.fd, name, CWD, to, rustix::fs::RenameFlags::NOREPLACE)
            .map_err(|e| Problem::Fail(format!("cannot move it to {}: {e}", escape_path(to))))
    }

    /// Opens `name` in this folder as an input (see [`Input::open`]).
    pub fn open_input(&self, name: &OsStr, expected: Option<Identity>) -> Result<Input, Problem> {
        Input::open_at(&self.fd, name, expected, false)
    }

    /// Rewrites `input`, the file `name` of this folder, with what `write`
    /// writes: atomically (a synced temporary file renamed over it), keeping
    /// its owner, group, permission bits (never setuid or setgid) and times.
    /// The file is left as it is if it changed since it was opened (text
    /// appended, or the file replaced): that text would be lost.
    pub fn rewrite(
        &self,
        name: &OsStr,
        input: &Input,
        write: impl FnOnce(&mut BufWriter<&File>) -> io::Result<()>,
    ) -> Result<(), Problem> {
        let meta = &input.meta;
        let fail = |what: &str, e: io::Error| {
            Problem::Fail(format!("{what}: {e} (the file is unchanged)"))
        };
        let (temp, file) = self
            .create_temporary(0o600)
            .map_err(|e| fail("cannot create a temporary file", e))?;
        let result = (|| {
            if let Err(e) = std::os::unix::fs::fchown(&file, Some(meta.uid()), Some(meta.gid())) {
                return Err(Problem::Skip(format!(
                    "cannot keep its owner and group ({e}); not rewritten"
                )));
            }
            let mut out = BufWriter::with_capacity(1 << 16, &file);
            write(&mut out).map_err(|e| fail("cannot write", e))?;
            out.flush().map_err(|e| fail("cannot write", e))?;
            drop(out);
            let times = FileTimes::new()
                .set_accessed(meta.accessed().unwrap_or_else(|_| SystemTime::now()))
                .set_modified(
                    meta.modified()
                        .map_err(|e| fail("cannot read its time", e))?,
                );
            file.set_times(times)
                .map_err(|e| fail("cannot keep its times", e))?;
            file.set_permissions(fs::Permissions::from_mode(meta.mode() & 0o777))
                .map_err(|e| fail("cannot keep its permissions", e))?;
            file.sync_all().map_err(|e| fail("cannot write", e))?;
            self.check_unchanged(name, input)?;
            renameat(&self.fd, temp.as_str(), &self.fd, name)
                .map_err(|e| fail("cannot replace the file", e.into()))
        })();
        if result.is_err() {
            let _ = unlinkat(&self.fd, temp.as_str(), AtFlags::empty());
        }
        result
    }

    /// Whether the file `name` is still `input`, as it was when opened.
    fn check_unchanged(&self, name: &OsStr, input: &Input) -> Result<(), Problem> {
        let changed = || {
            Problem::Skip(
                "changed while it was being cleaned (text written to it, or the file \
                 replaced); left as it is"
                    .into(),
            )
        };
        let before = Snapshot::of(&input.meta);
        let now = input
            .file
            .metadata()
            .map_err(|e| Problem::Fail(format!("cannot read: {e}")))?;
        if Snapshot::of(&now) != before {
            return Err(changed());
        }
        match statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) if Snapshot::of_stat(&st) == before => Ok(()),
            _ => Err(changed()),
        }
    }
}

/// Why `--in-place` must not rewrite the file `meta` describes, if it must not.
pub fn in_place_refusal(meta: &fs::Metadata) -> Option<String> {
    if meta.nlink() > 1 {
        return Some(format!(
            "has {} hard links (a rewrite would split them); not rewritten",
            meta.nlink()
        ));
    }
    if meta.mode() & 0o200 == 0 {
        return Some("read-only; not rewritten".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognised() {
        let ours = format!(".newsdedup-{}-7.tmp", run_tag());
        assert_eq!(is_temporary(OsStr::new(&ours)), Some(true));
        let same_pid = format!(".newsdedup-{}.0-7.tmp", std::process::id());
        assert_eq!(is_temporary(OsStr::new(&same_pid)), Some(false));
        assert_eq!(is_temporary(OsStr::new(".newsdedup-1-7.tmp")), Some(false));
        assert_eq!(
            is_temporary(OsStr::new(".newsdedup-a8Xk2q.tmp")),
            Some(false)
        );
        assert_eq!(is_temporary(OsStr::new("newsdedup-1-7.tmp")), None);
        assert_eq!(is_temporary(OsStr::new(".newsdedup-1-7.txt")), None);
    }

    #[test]
    fn a_file_is_written_whole_through_a_temporary_and_links_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        fs::write(&target, "keep me").unwrap();
        let out = Folder::create_root(&dir.path().join("out")).unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join("out/a.txt")).unwrap();
        out.write_file(OsStr::new("a.txt"), 0o640, |w| w.write_all(b"new"))
            .unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep me");
        let written = dir.path().join("out/a.txt");
        assert!(fs::symlink_metadata(&written).unwrap().is_file());
        assert_eq!(fs::read_to_string(&written).unwrap(), "new");
        // A failed write leaves nothing.
        let failed = out.write_file(OsStr::new("b.txt"), 0o644, |_| {
            Err(io::Error::other("boom"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_dir(dir.path().join("out")).unwrap().count(), 1);
    }

    #[test]
    fn a_link_on_the_way_to_an_output_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("elsewhere")).unwrap();
        let out = Folder::create_root(&dir.path().join("out")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), dir.path().join("out/sub"))
            .unwrap();
        let err = out.child(OsStr::new("sub")).unwrap_err();
        assert!(err.contains("symbolic link"), "{err}");
        assert!(out.child(OsStr::new("new")).is_ok());
        assert!(dir.path().join("out/new").is_dir());
    }

    #[test]
    fn an_input_must_be_the_regular_file_the_walk_saw() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        fs::write(&a, "text").unwrap();
        let b = dir.path().join("b.txt");
        fs::write(&b, "other").unwrap();
        let id_a = Identity::of(&fs::metadata(&a).unwrap());
        let mut input = Input::open(&a, Some(id_a)).ok().unwrap();
        assert_eq!(input.read_all().unwrap(), b"text");
        assert!(matches!(Input::open(&b, Some(id_a)), Err(Problem::Skip(_))));
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&a, &link).unwrap();
        assert!(
            matches!(Input::open(&link, None), Err(Problem::Skip(r)) if r.contains("symbolic link"))
        );
        assert!(
            matches!(Input::open(dir.path(), None), Err(Problem::Skip(r)) if r.contains("folder"))
        );
    }
}
