//! Corpus mode over JSON Lines: `newsdedup --jsonl --across [PATH]`.
//!
//! Records are read once (from PATH or stdin) and spooled with their cleaned
//! text, so the second pass needs no second read of the input. A record's
//! identity is its `--id-field` (raw JSON) or its line number; its site is
//! the host of its `--url-field` (lower-cased, without a leading `www.`), or
//! none; `--date-field` breaks ties between equally full copies (earliest
//! first, compared as text). Out come the records in input order, each with
//! its text field cleaned and its furniture dropped, except the duplicates,
//! which are left out. Lines that are not records with a text field pass
//! through unchanged, as in plain `--jsonl`.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::sync::atomic::Ordering;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use newsdedup::{Config, clean};

use crate::Exit;
use crate::batch::{INTERRUPTED, STOP, stopping};
use crate::cli::Args;
use crate::diag::say;
use crate::jsonl::{Record, line_ending};
use newsdedup::paths::escape_path;

use super::furniture;
use super::spool::{Reader, Spool};
use super::{Collector, Key, Params, Sketched, Texts};

/// Lines handed to the workers at a time.
const CHUNK: usize = 1024;

/// Which fields to read.
#[derive(Clone, Debug)]
pub struct Fields {
    pub text: String,
    pub id: Option<String>,
    pub url: String,
    pub date: Option<String>,
}

/// One input line, parsed.
#[derive(Debug)]
pub enum Parsed {
    /// A record with a text field: an article.
    Article(Box<Article>),
    /// Blank, or a record without a string text field: passed through.
    PassThrough { counted: bool },
    /// Not a JSON object, or not UTF-8: passed through, reported.
    Error(String),
}

/// A record's article, cleaned and sketched.
#[derive(Debug)]
pub struct Article {
    pub id: String,
    pub site: String,
    pub date: Option<String>,
    pub cleaned: String,
    pub changed: bool,
    pub sketched: Sketched,
    pub lines: Vec<super::text::Line>,
}

/// Parses and cleans one line (`number` counts from 1).
pub fn parse(raw: &[u8], number: usize, fields: &Fields, config: &Config) -> Parsed {
    let body = &raw[..raw.len() - line_ending(raw).len()];
    if body.iter().all(u8::is_ascii_whitespace) {
        return Parsed::PassThrough { counted: false };
    }
    let body = match std::str::from_utf8(body) {
        Ok(body) => body,
        Err(e) => return Parsed::Error(format!("not valid UTF-8 at byte {}", e.valid_up_to())),
    };
    let record: Record = match serde_json::from_str(body) {
        Ok(record) => record,
        Err(e) => return Parsed::Error(format!("not a JSON object: {e}")),
    };
    let get = |name: &str| {
        record
            .0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.get())
    };
    let as_string = |raw: &str| serde_json::from_str::<String>(raw).ok();
    let Some(text) = get(&fields.text).and_then(as_string) else {
        return Parsed::PassThrough { counted: true };
    };
    let id = fields
        .id
        .as_deref()
        .and_then(get)
        .map_or_else(|| number.to_string(), str::to_owned);
    let site = get(&fields.url)
        .and_then(as_string)
        .map(|url| host(&url))
        .unwrap_or_default();
    let date = fields
        .date
        .as_deref()
        .and_then(get)
        .map(|raw| as_string(raw).unwrap_or_else(|| raw.to_owned()));
    let cleaned = clean(&text, config);
    let changed = cleaned.changed();
    let cleaned = cleaned.text();
    let (sketched, lines) = super::sketch(&cleaned);
    Parsed::Article(Box::new(Article {
        id,
        site,
        date,
        cleaned,
        changed,
        sketched,
        lines,
    }))
}

/// The host of a URL, lower-cased, without a leading `www.`.
pub fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    let end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
    let host = rest[..end].to_lowercase();
    host.strip_prefix("www.").map(str::to_owned).unwrap_or(host)
}

/// The text field of `raw` replaced by `text` (the other fields as they came).
pub fn with_text(raw: &[u8], field: &str, text: &str) -> Option<Vec<u8>> {
    let body = std::str::from_utf8(&raw[..raw.len() - line_ending(raw).len()]).ok()?;
    let record: Record = serde_json::from_str(body).ok()?;
    let mut fields = Vec::with_capacity(record.0.len());
    for (key, value) in &record.0 {
        let key_json = serde_json::to_string(key).ok()?;
        let value_json = if key == field {
            serde_json::to_string(text).ok()?
        } else {
            value.get().to_owned()
        };
        fields.push(format!("{key_json}:{value_json}"));
    }
    let mut out = format!("{{{}}}", fields.join(",")).into_bytes();
    out.extend_from_slice(line_ending(raw));
    Some(out)
}

/// The spool seen as the articles' texts (article ids are not line numbers).
struct ArticleTexts<'a> {
    reader: &'a Reader,
    lines: &'a [u32],
}

impl Texts for ArticleTexts<'_> {
    fn page(&self, id: usize) -> io::Result<(String, Vec<super::text::Line>)> {
        self.reader.page(self.lines[id] as usize)
    }

    fn lines_and_title(&self, id: usize) -> io::Result<(Vec<super::text::Line>, String)> {
        self.reader.lines_and_title(self.lines[id] as usize)
    }
}

/// A line as pass 2 writes it (none for a duplicate), its furniture
/// paragraphs dropped, and whether it changed.
type Written = (Option<Vec<u8>>, usize, bool);

/// Totals of a run.
#[derive(Debug, Default)]
struct Summary {
    records: usize,
    articles: usize,
    duplicates: usize,
    cleaned: usize,
    furniture: usize,
    without_text: usize,
    errors: usize,
}

/// Runs `--jsonl --across`.
pub fn run(args: &Args, config: &Config, params: &Params) -> Result<Exit> {
    if args.against.is_some() || args.save_sketches.is_some() {
        bail!("--against and --save-sketches work on folders (for JSON Lines, not yet)");
    }
    let fields = Fields {
        text: args.text_field.clone(),
        id: args.id_field.clone(),
        url: args.url_field.clone(),
        date: args.date_field.clone(),
    };
    let input: Box<dyn BufRead> = match args.paths.as_slice() {
        [] => Box::new(BufReader::new(io::stdin())),
        [p] if p.as_os_str() == "-" => Box::new(BufReader::new(io::stdin())),
        [p] => Box::new(BufReader::new(
            File::open(p).with_context(|| format!("cannot open {}", escape_path(p)))?,
        )),
        _ => bail!("--jsonl --across reads one file (or stdin)"),
    };
    let mut clusters = args
        .clusters
        .as_ref()
        .map(|p| super::run::open(p, "clusters file"))
        .transpose()?;
    let mut out = BufWriter::new(io::stdout().lock());
    let summary = run_on(
        input,
        &mut out,
        clusters.as_mut(),
        &fields,
        config,
        params,
        args,
    )?;
    out.flush()?;
    if let Some(c) = clusters.as_mut() {
        c.flush().context("cannot write the clusters")?;
    }
    if !args.quiet {
        say!(
            "{} records: {} articles, {} duplicates dropped, {} cleaned, \
             {} furniture paragraphs; {} without a string field {:?}, {} not JSON objects",
            summary.records,
            summary.articles,
            summary.duplicates,
            summary.cleaned,
            summary.furniture,
            summary.without_text,
            fields.text,
            summary.errors
        );
    }
    Ok(if stopping() {
        Exit::Interrupted
    } else if summary.errors > 0 {
        Exit::Error
    } else {
        Exit::Success
    })
}

fn run_on(
    mut input: Box<dyn BufRead>,
    out: &mut impl Write,
    mut clusters: Option<&mut Box<dyn Write + Send>>,
    fields: &Fields,
    config: &Config,
    params: &Params,
    args: &Args,
) -> Result<Summary> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs())
        .build()
        .context("cannot start worker threads")?;
    let _ = ctrlc::set_handler(|| STOP.store(INTERRUPTED, Ordering::SeqCst));
    let mut spool =
        Spool::new(args.spool_dir.as_deref()).context("cannot create the spool file")?;
    let mut collector = Collector::default();
    let mut summary = Summary::default();
    // Per line: the article id, or u32::MAX.
    let mut article_of_line: Vec<u32> = Vec::new();
    let mut line_of_article: Vec<u32> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut chunk: Vec<Vec<u8>> = Vec::with_capacity(CHUNK);
    let mut number = 0usize;
    loop {
        if stopping() {
            return Ok(summary);
        }
        chunk.clear();
        while chunk.len() < CHUNK {
            let mut line = Vec::new();
            if input
                .read_until(b'\n', &mut line)
                .context("cannot read the input")?
                == 0
            {
                break;
            }
            chunk.push(line);
        }
        if chunk.is_empty() {
            break;
        }
        let first = number + 1;
        number += chunk.len();
        let parsed: Vec<Parsed> = pool.install(|| {
            chunk
                .par_iter()
                .enumerate()
                .map(|(k, raw)| parse(raw, first + k, fields, config))
                .collect()
        });
        for (k, (raw, parsed)) in chunk.iter().zip(parsed).enumerate() {
            let line = first + k;
            match parsed {
                Parsed::Article(a) => {
                    let a = *a;
                    summary.records += 1;
                    let key = Key {
                        earlier_run: false,
                        content_words: a.sketched.sketch.content_words,
                        words: a.sketched.sketch.words,
                        date: a.date.map(Into::into),
                        order: line as u64,
                    };
                    let id = collector.push(super::site_key(a.site.as_bytes()), key, a.sketched);
                    article_of_line.push(id as u32);
                    line_of_article.push(article_of_line.len() as u32 - 1);
                    ids.push(a.id);
                    let mut extra = raw.clone();
                    extra.push(u8::from(a.changed));
                    spool.push(&a.cleaned, &a.lines, &extra)?;
                }
                other => {
                    match other {
                        Parsed::PassThrough { counted: true } => {
                            summary.records += 1;
                            summary.without_text += 1;
                        }
                        Parsed::Error(reason) => {
                            summary.records += 1;
                            summary.errors += 1;
                            say!("line {line}: {reason} (passed through unchanged)");
                        }
                        _ => {}
                    }
                    article_of_line.push(u32::MAX);
                    let mut extra = raw.clone();
                    extra.push(0);
                    spool.push("", &[], &extra)?;
                }
            }
        }
    }
    summary.articles = collector.len();
    let reader = spool.finish().context("cannot write the spool file")?;
    let texts = ArticleTexts {
        reader: &reader,
        lines: &line_of_article,
    };
    let plan = collector
        .plan(&texts, None, config, params, &pool)
        .context("cannot read the spool file")?;
    let lines: Vec<usize> = (0..reader.len()).collect();
    for chunk in lines.chunks(CHUNK) {
        let written: Vec<io::Result<Written>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|&line| {
                    let record = reader.record(line)?;
                    let (changed, raw) = record
                        .extra
                        .split_last()
                        .map_or((false, &[][..]), |(&c, raw)| (c != 0, raw));
                    let article = article_of_line[line];
                    if article == u32::MAX {
                        return Ok((Some(raw.to_vec()), 0, false));
                    }
                    let article = article as usize;
                    if plan.duplicates[article].is_some() {
                        return Ok((None, 0, false));
                    }
                    let text = record.text;
                    let drops = plan.furniture(article, &text, &record.lines);
                    let indices: Vec<usize> = drops.iter().map(|&(i, _)| i).collect();
                    if !changed && indices.is_empty() {
                        return Ok((Some(raw.to_vec()), 0, false));
                    }
                    let spans = furniture::kept_spans(&text, &record.lines, &indices);
                    let output: String = spans.iter().map(|s| s.text(&text)).collect();
                    let line =
                        with_text(raw, &fields.text, &output).unwrap_or_else(|| raw.to_vec());
                    Ok((Some(line), indices.len(), true))
                })
                .collect()
        });
        for (k, result) in written.into_iter().enumerate() {
            let (line, furniture, cleaned) = result.context("cannot read the spool file")?;
            let line_index = chunk[k];
            match &line {
                Some(bytes) => out.write_all(bytes)?,
                None => summary.duplicates += 1,
            }
            summary.furniture += furniture;
            summary.cleaned += usize::from(cleaned);
            let article = article_of_line[line_index];
            if let (Some(c), true) = (clusters.as_mut(), article != u32::MAX) {
                let article = article as usize;
                let of = plan.duplicates[article].map(|d| ids[d.of].as_str());
                writeln!(c, "{}", cluster_line(&ids[article], of))
                    .context("cannot write the clusters")?;
            }
        }
    }
    Ok(summary)
}

/// A clusters line for records: `{"id": …, "duplicate_of": … or null}` (ids
/// as they are in the records: raw JSON, or line numbers).
fn cluster_line(id: &str, of: Option<&str>) -> String {
    let raw = |s: &str| -> serde_json::Value {
        serde_json::from_str(s).unwrap_or_else(|_| serde_json::Value::String(s.to_owned()))
    };
    serde_json::json!({ "id": raw(id), "duplicate_of": of.map(raw) }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(host("https://www.CNN.com/2024/05/x.html"), "cnn.com");
        assert_eq!(
            host("http://user@edition.cnn.com:8080/a?b#c"),
            "edition.cnn.com"
        );
        assert_eq!(host("bbc.co.uk/news"), "bbc.co.uk");
        assert_eq!(host(""), "");
    }

    #[test]
    fn the_text_field_is_replaced_and_the_rest_kept() {
        let raw = b"{\"id\": 7, \"text\": \"a\\n\\nb\", \"x\": [1, 2]}\r\n";
        let out = with_text(raw, "text", "a").unwrap();
        assert_eq!(out, b"{\"id\":7,\"text\":\"a\",\"x\":[1, 2]}\r\n");
        assert!(with_text(b"[1]", "text", "a").is_none());
    }

    #[test]
    fn records_are_parsed_with_their_fields() {
        let fields = Fields {
            text: "body".into(),
            id: Some("key".into()),
            url: "url".into(),
            date: Some("published".into()),
        };
        let raw = br#"{"key": "a-1", "url": "https://www.x.org/p", "published": "2024-05-01", "body": "T\n\nOne sentence here now."}"#;
        let Parsed::Article(a) = parse(raw, 3, &fields, &Config::default()) else {
            panic!("an article");
        };
        assert_eq!((a.id.as_str(), a.site.as_str()), ("\"a-1\"", "x.org"));
        assert_eq!(a.date.as_deref(), Some("2024-05-01"));
        assert!(matches!(
            parse(b"{\"other\": 1}\n", 1, &fields, &Config::default()),
            Parsed::PassThrough { counted: true }
        ));
        assert!(matches!(
            parse(b"[1]", 1, &fields, &Config::default()),
            Parsed::Error(_)
        ));
        let Parsed::Article(a) = parse(br#"{"body": "x"}"#, 9, &fields, &Config::default()) else {
            panic!("an article");
        };
        assert_eq!((a.id.as_str(), a.site.as_str()), ("9", ""));
    }

    #[test]
    fn cluster_lines_keep_ids_as_they_were() {
        assert_eq!(
            cluster_line("\"a-1\"", Some("7")),
            r#"{"duplicate_of":7,"id":"a-1"}"#
        );
        assert_eq!(cluster_line("12", None), r#"{"duplicate_of":null,"id":12}"#);
    }
}
