//! Reading the versions folder fast: what the graph commands (`heads`, `history`, `branches`,
//! …) pay on every run.
//!
//! Lexing every revision file costs about 40 µs a file (0.4 s at 10,000). The revisions read from
//! each file are kept in `<target>/cargo-migrate/<crate>-sources.cache`, keyed by the file's path,
//! size, modification and change times and inode; a file whose key still matches is not read
//! again. Files that changed, new files and files that cannot be scanned (they are never
//! cached) are scanned, on every core. A file modified less than [`RACY`] before the scan
//! started is not cached (its time may not yet tell a later edit apart), and a cache that
//! cannot be read or written only means scanning everything: the result is the same either way.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use migrate_graph::scan::{self, ScanError, ScannedFile};
use migrate_graph::{Location, Revision};

/// Files modified this recently are scanned on every run until they are older.
const RACY: Duration = Duration::from_secs(2);

/// What the cache remembers of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    size: u64,
    mtime: u128,
    ctime: i128,
    inode: u64,
}

/// One cached file: its key and the revision it declares.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    key: Key,
    revision: String,
    down_revisions: Vec<String>,
    depends_on: Vec<String>,
    branch_labels: Vec<String>,
    replaces: Vec<String>,
    message: String,
    name: String,
    line: u32,
}

/// The cache file.
#[derive(Debug, Default, PartialEq, Eq)]
struct Cache {
    /// The cargo-migrate that wrote it and the folder it describes; anything else is ignored.
    writer: String,
    dir: String,
    files: HashMap<String, Entry>,
}

fn writer() -> String {
    format!("cargo-migrate {} scan 2", env!("CARGO_PKG_VERSION"))
}

fn key(meta: &std::fs::Metadata) -> Option<Key> {
    let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    #[cfg(unix)]
    let (ctime, inode) = {
        use std::os::unix::fs::MetadataExt;
        (
            i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
            meta.ino(),
        )
    };
    #[cfg(not(unix))]
    let (ctime, inode) = (0, 0);
    Some(Key {
        size: meta.len(),
        mtime: mtime.as_nanos(),
        ctime,
        inode,
    })
}

/// Scans every `*.rs` file below `dir` as [`scan::scan_file`] does, in path order, naming them
/// `<display_dir>/<path>`: the files that scanned, and the errors of those that did not. With
/// `cache`, unchanged files are taken from it and it is rewritten when something changed.
pub fn scan_dir(
    dir: &Path,
    display_dir: &str,
    cache: Option<&Path>,
) -> Result<(Vec<ScannedFile>, Vec<ScanError>), ScanError> {
    let started = SystemTime::now();
    let files = scan::rs_files(dir)?;
    let dir_text = dir.display().to_string();
    let old = cache
        .and_then(read)
        .filter(|c| c.writer == writer() && c.dir == dir_text);
    let mut old_files = old.map(|c| c.files).unwrap_or_default();
    let keys: Vec<Option<Key>> = parallel_map(&files, |f| {
        std::fs::metadata(dir.join(f)).ok().as_ref().and_then(key)
    });
    let mut results: Vec<Option<Result<ScannedFile, ScanError>>> = Vec::with_capacity(files.len());
    let mut todo = Vec::new(); // the index in `files` of each file to scan
    for (i, (file, key)) in files.iter().zip(&keys).enumerate() {
        match (old_files.remove(file), key) {
            (Some(entry), Some(key)) if entry.key == *key => {
                results.push(Some(Ok(from_entry(file, display_dir, entry))));
            }
            _ => {
                results.push(None);
                todo.push(i);
            }
        }
    }
    // Entries left are of files that changed or went away.
    let mut stale = !old_files.is_empty();
    let scanned = parallel_map(&todo, |&i| scan::scan_file(dir, &files[i], display_dir));
    let racy = started.checked_sub(RACY).unwrap_or(UNIX_EPOCH);
    let racy = racy.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let cacheable = |key: &Option<Key>, scanned: &ScannedFile| {
        key.as_ref().is_some_and(|key| {
            key.mtime < racy
                && i128::try_from(racy).is_ok_and(|r| key.ctime < r)
                && scanned.malformed_id().is_none()
        })
    };
    for (i, result) in todo.into_iter().zip(scanned) {
        stale |= result.as_ref().is_ok_and(|f| cacheable(&keys[i], f));
        results[i] = Some(result);
    }
    let mut ok = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    let mut new_files = HashMap::new();
    for ((file, key), result) in files.iter().zip(keys).zip(results) {
        match result {
            Some(Ok(scanned)) => {
                if stale
                    && cacheable(&key, &scanned)
                    && let Some(key) = key
                {
                    new_files.insert(file.clone(), to_entry(key, &scanned.revision));
                }
                ok.push(scanned);
            }
            Some(Err(error)) => errors.push(error),
            None => {}
        }
    }
    if let Some(path) = cache
        && stale
    {
        write(
            path,
            &Cache {
                writer: writer(),
                dir: dir_text,
                files: new_files,
            },
        );
    }
    Ok((ok, errors))
}

/// `f` of each item, in order, on up to one thread per core (statting and lexing 10,000 files
/// is most of a graph command's time).
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if items.len() < 256 || threads < 2 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

fn to_entry(key: Key, rev: &Revision) -> Entry {
    Entry {
        key,
        revision: rev.revision.clone(),
        down_revisions: rev.down_revisions.clone(),
        depends_on: rev.depends_on.clone(),
        branch_labels: rev.branch_labels.clone(),
        replaces: rev.replaces.clone(),
        message: rev.message.clone(),
        name: rev.name.clone(),
        line: rev.location.as_ref().map_or(1, |l| l.line),
    }
}

/// The file as [`scan::scan_file`] returns it, but for the attributes and checksum, which the
/// readers of the sources do not use.
fn from_entry(file: &str, display_dir: &str, entry: Entry) -> ScannedFile {
    let path = if display_dir.is_empty() {
        file.to_owned()
    } else {
        format!("{display_dir}/{file}")
    };
    ScannedFile {
        file_name: file.to_owned(),
        module: scan::module_name(file),
        revision: Revision {
            revision: entry.revision,
            down_revisions: entry.down_revisions,
            depends_on: entry.depends_on,
            branch_labels: entry.branch_labels,
            replaces: entry.replaces,
            message: entry.message,
            name: entry.name,
            location: Some(Location {
                file: path,
                line: entry.line,
            }),
        },
        attributes: Vec::new(),
        checksum: String::new(),
    }
}

fn read(path: &Path) -> Option<Cache> {
    decode(&std::fs::read_to_string(path).ok()?)
}

/// The cache as text: the writer, the folder, then a line per file of tab-separated fields
/// (path, size, mtime, ctime, inode, revision, down_revisions, depends_on, branch_labels,
/// replaces, message, name, line), each escaped ([`escape`]); a list is its items each after a
/// `,` (empty for none). A line-based format reads 10,000 files in a few milliseconds.
fn encode(cache: &Cache) -> String {
    let mut out = format!("{}\n{}\n", escape(&cache.writer), escape(&cache.dir));
    let mut files: Vec<(&String, &Entry)> = cache.files.iter().collect();
    files.sort_by(|a, b| a.0.cmp(b.0));
    for (file, e) in files {
        let k = &e.key;
        let fields = [
            escape(file),
            k.size.to_string(),
            k.mtime.to_string(),
            k.ctime.to_string(),
            k.inode.to_string(),
            escape(&e.revision),
            list(&e.down_revisions),
            list(&e.depends_on),
            list(&e.branch_labels),
            list(&e.replaces),
            escape(&e.message),
            escape(&e.name),
            e.line.to_string(),
        ];
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    out
}

/// [`encode`]'s text back; `None` when any line does not read.
fn decode(text: &str) -> Option<Cache> {
    let mut lines = text.split('\n');
    let writer = unescape(lines.next()?)?;
    let dir = unescape(lines.next()?)?;
    let mut files = HashMap::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let [
            file,
            size,
            mtime,
            ctime,
            inode,
            revision,
            down,
            deps,
            labels,
            replaces,
            message,
            name,
            at,
        ] = f.as_slice()
        else {
            return None;
        };
        let entry = Entry {
            key: Key {
                size: size.parse().ok()?,
                mtime: mtime.parse().ok()?,
                ctime: ctime.parse().ok()?,
                inode: inode.parse().ok()?,
            },
            revision: unescape(revision)?,
            down_revisions: unlist(down)?,
            depends_on: unlist(deps)?,
            branch_labels: unlist(labels)?,
            replaces: unlist(replaces)?,
            message: unescape(message)?,
            name: unescape(name)?,
            line: at.parse().ok()?,
        };
        files.insert(unescape(file)?, entry);
    }
    Some(Cache { writer, dir, files })
}

/// `\`, tab, line breaks and `,` as `\\`, `\t`, `\n`, `\r`, `\c`: no field then holds a tab,
/// a line break or a list's separator.
fn escape(text: &str) -> String {
    if !text.contains(['\\', '\t', '\n', '\r', ',']) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            ',' => out.push_str("\\c"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> Option<String> {
    if !text.contains('\\') {
        return Some(text.to_owned());
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            'c' => ',',
            _ => return None,
        });
    }
    Some(out)
}

fn list(items: &[String]) -> String {
    items.iter().map(|i| format!(",{}", escape(i))).collect()
}

fn unlist(text: &str) -> Option<Vec<String>> {
    match text.strip_prefix(',') {
        None if text.is_empty() => Some(Vec::new()),
        None => None,
        Some(rest) => rest.split(',').map(unescape).collect(),
    }
}

/// Writes the cache through a temporary file renamed into place, so that a concurrent reader
/// sees the old cache or the new one.
fn write(path: &Path, cache: &Cache) {
    let Some(parent) = path.parent() else {
        return;
    };
    if std::fs::create_dir_all(parent).is_err() {
        return;
    }
    let bytes = encode(cache);
    let tmp = PathBuf::from(format!("{}.{}.tmp", path.display(), std::process::id()));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "use migrate_core::prelude::*;\n\n#[migration(revision = \"aaaaaaaaaaaa\", down_revision = None, message = \"one\")]\npub struct One;\n";

    fn ids(files: &[ScannedFile]) -> Vec<(&str, &str)> {
        files
            .iter()
            .map(|f| (f.revision.revision.as_str(), f.revision.message.as_str()))
            .collect()
    }

    /// Makes `path` look older than the racy window.
    fn age(path: &Path) {
        let old = SystemTime::now() - Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }

    #[test]
    fn cached_results_equal_a_fresh_scan_and_edits_are_seen() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("versions");
        std::fs::create_dir(&dir).unwrap();
        let cache = tmp.path().join("target/sources.cache");
        let one = dir.join("aaaaaaaaaaaa_one.rs");
        std::fs::write(&one, FILE).unwrap();
        std::fs::write(dir.join("helper.rs"), "fn helper() {}").unwrap();
        age(&one);
        let (first, errors) = scan_dir(&dir, "src/versions", Some(&cache)).unwrap();
        assert_eq!(ids(&first), [("aaaaaaaaaaaa", "one")]);
        assert_eq!(errors.len(), 1, "the helper has no #[migration]");
        // ctime cannot be set back: the entry is cached once the change time is old enough,
        // so the test checks the same answer with and without the cache.
        let (again, errors) = scan_dir(&dir, "src/versions", Some(&cache)).unwrap();
        let revisions =
            |files: Vec<ScannedFile>| files.into_iter().map(|f| f.revision).collect::<Vec<_>>();
        assert_eq!(
            revisions(again),
            revisions(scan_dir(&dir, "src/versions", None).unwrap().0)
        );
        assert_eq!(errors.len(), 1);
        std::fs::write(&one, FILE.replace("\"one\"", "\"two\"")).unwrap();
        age(&one);
        let (edited, _) = scan_dir(&dir, "src/versions", Some(&cache)).unwrap();
        assert_eq!(ids(&edited), [("aaaaaaaaaaaa", "two")]);
    }

    #[test]
    fn the_cache_text_reads_back_whatever_the_values_hold() {
        let mut rev = Revision::new("aaaa", &["b,c", ""]);
        rev.message = "tab\there, comma, back\\slash\nnew line \\c".into();
        rev.branch_labels = vec!["x".into()];
        rev.location = Some(Location {
            file: "src/versions/a.rs".into(),
            line: 7,
        });
        let key = Key {
            size: 1,
            mtime: 2,
            ctime: -3,
            inode: 4,
        };
        let mut files = HashMap::new();
        files.insert("sub/a,\tb.rs".to_owned(), to_entry(key.clone(), &rev));
        files.insert("z.rs".to_owned(), to_entry(key, &Revision::new("z", &[])));
        let cache = Cache {
            writer: writer(),
            dir: "/w/my dir/versions".into(),
            files,
        };
        assert_eq!(decode(&encode(&cache)), Some(cache));
        assert_eq!(decode("w\nd\nshort\tline\n"), None);
    }

    #[test]
    fn a_cached_entry_is_used_only_while_its_key_matches() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("versions");
        std::fs::create_dir(&dir).unwrap();
        let one = dir.join("aaaaaaaaaaaa_one.rs");
        std::fs::write(&one, FILE).unwrap();
        let meta = std::fs::metadata(&one).unwrap();
        let mut files = HashMap::new();
        let mut rev = Revision::new("aaaaaaaaaaaa", &[]);
        rev.message = "from the cache".into();
        files.insert(
            "aaaaaaaaaaaa_one.rs".to_owned(),
            to_entry(key(&meta).unwrap(), &rev),
        );
        let cache = tmp.path().join("sources.cache");
        let text = |files| Cache {
            writer: writer(),
            dir: dir.display().to_string(),
            files,
        };
        write(&cache, &text(files.clone()));
        let (got, _) = scan_dir(&dir, "src/versions", Some(&cache)).unwrap();
        assert_eq!(ids(&got), [("aaaaaaaaaaaa", "from the cache")]);
        // The same size, another modification time: read again.
        files.get_mut("aaaaaaaaaaaa_one.rs").unwrap().key.mtime += 1;
        write(&cache, &text(files));
        let (got, _) = scan_dir(&dir, "src/versions", Some(&cache)).unwrap();
        assert_eq!(ids(&got), [("aaaaaaaaaaaa", "one")]);
    }
}
