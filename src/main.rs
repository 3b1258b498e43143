//! The `zhenggai` command: a thin layer over the library.

use anyhow::{bail, Context as _, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zhenggai::input::{self, Lister, Shard, Source};

// The pipeline allocates many small strings and vectors a unit; mimalloc serves them with
// about a tenth of glibc's instructions (see the README's benchmark).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use zhenggai::output::{Format, OutputFile, TempFiles, Writer};
use zhenggai::record::Record;
use zhenggai::rules::{RuleSet, RuleSources};
use zhenggai::stats::{self, Stats};
use zhenggai::{batch, compare, eval, Options, Pipeline};

/// Reads Chinese policy notices and extracts rectification task items (整改任务).
#[derive(Parser)]
#[command(name = "zhenggai", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract task items from notices: one JSON record per document.
    Extract(ExtractArgs),
    /// Score extracted records (or a fresh extraction) against gold annotations.
    Eval(EvalArgs),
    /// Check the rule files, or run every rule's examples.
    Rules(RulesArgs),
    /// Hold local plans and reports against central notices: coverage, additions, missing items.
    Compare(CompareArgs),
    /// Count tasks per category, body, deadline kind, document and year.
    Stats(StatsArgs),
    /// One HTML page to check the tasks in their text, correct them and export gold.
    Review(ReviewArgs),
    /// Print the JSON Schema of the records `extract` writes (docs/record.schema.json).
    Schema,
    /// Train a model shipped beside the rules (rules/model/category.json) on gold annotations.
    Train(TrainArgs),
}

#[derive(Args)]
struct RuleArgs {
    /// A folder of rule files (*.toml, and *.txt jieba dictionaries) added to the defaults;
    /// a rule with the same id replaces the default one; its model/ folder's trained models
    /// (category.json) replace the shipped ones.
    #[arg(long, value_name = "DIR", global = true)]
    rules: Vec<PathBuf>,
    /// Start from no rules: only those of --rules.
    #[arg(long, global = true)]
    no_default_rules: bool,
    /// No trained model (neither the shipped rules/model/*.json nor one of --rules): the
    /// rules decide categories and kinds alone.
    #[arg(long, global = true)]
    no_model: bool,
}

#[derive(Args)]
struct InputArgs {
    /// Files, folders (read recursively: text, web pages — .htm .html .shtml .jsp .php .asp
    /// .aspx … —, .docx, .pdf, files with no extension, and files whose content is a web
    /// page or a PDF), glob patterns, archives (.zip .tar .tar.gz .tgz) and `-` for one
    /// document on stdin.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Read more paths from this file, one a line (`-`: stdin).
    #[arg(long, value_name = "LIST")]
    files_from: Option<PathBuf>,
    /// Largest document read, in bytes; a larger one gets an error record.
    #[arg(long, value_name = "BYTES", default_value_t = input::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Only the documents of shard K of N (1-based, `1/4` … `4/4`), chosen by a hash of the
    /// document id: N runs over the same inputs split them with no coordination.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Threads (default: all cores). The output is the same for any number.
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// Decode every input with this encoding (gbk, gb18030, big5, utf-8, utf-16le …) instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// Reference date for resolving dates when a document gives none (YYYY-MM-DD or YYYY).
    #[arg(long, value_name = "DATE")]
    ref_date: Option<String>,
    /// No progress bar and no summary line on stderr.
    #[arg(short, long)]
    quiet: bool,
    /// List on stderr each file of a folder or archive passed over as no document.
    #[arg(short, long)]
    verbose: bool,
    #[command(flatten)]
    rule_args: RuleArgs,
}

#[derive(Args)]
struct ExtractArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
    format: FormatArg,
    /// Write to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Put the cleaned text the spans refer to into each record (field `text`).
    #[arg(long)]
    emit_text: bool,
    /// Give each task an `explain` list: every field value with the rule and the text that
    /// produced it (with --format text: printed under each task).
    #[arg(long)]
    explain: bool,
    /// With --format csv: start with a UTF-8 BOM so that spreadsheets read it right.
    #[arg(long)]
    excel: bool,
    /// With --format csv: one row a task (with the document's columns), or one row a document.
    #[arg(long, value_enum, value_name = "TABLE")]
    per: Option<PerArg>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PerArg {
    Task,
    Document,
}

#[derive(Args)]
struct StatsArgs {
    /// Notices (as for `extract`) or extracted records (.jsonl, .ndjson, .json).
    #[command(flatten)]
    input: InputArgs,
    /// Print JSON instead of tables.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ReviewArgs {
    /// Notices (as for `extract`) or records extracted with --emit-text (.jsonl, .ndjson, .json).
    #[command(flatten)]
    input: InputArgs,
    /// Write the page to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The page's title.
    #[arg(long, value_name = "TEXT", default_value = "zhenggai review")]
    title: String,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Jsonl,
    Json,
    Csv,
    /// Readable text: tasks and their fields (with --explain, each value's rule and text).
    Text,
}

#[derive(Args)]
struct EvalArgs {
    /// Folder of gold *.json files.
    #[arg(long, value_name = "DIR")]
    gold: PathBuf,
    /// Folder holding the documents the gold names.
    #[arg(long, value_name = "DIR")]
    corpus: PathBuf,
    /// Extracted records (JSONL or JSON); without, the corpus is extracted now.
    #[arg(value_name = "OUTPUT")]
    predictions: Vec<PathBuf>,
    /// Print figures for each document too.
    #[arg(long)]
    per_doc: bool,
    /// Print up to N missed and extra items.
    #[arg(long, default_value_t = 0, value_name = "N")]
    misses: usize,
    /// Write the figures here as JSON.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// How to decode the corpus documents: as the reference scorer does (`score-py`, the
    /// default, which misreads Big5 and UTF-16) or as zhenggai does (`detect`).
    #[arg(long, value_enum, default_value_t = DecodeArg::ScorePy)]
    decode: DecodeArg,
    #[command(flatten)]
    rule_args: RuleArgs,
}

#[derive(Args)]
struct TrainArgs {
    /// A folder of gold *.json files; repeat, each with its --corpus.
    #[arg(long, required = true, value_name = "DIR")]
    gold: Vec<PathBuf>,
    /// The folder holding the documents the gold of the --gold in the same place names.
    #[arg(long, required = true, value_name = "DIR")]
    corpus: Vec<PathBuf>,
    /// Write the model here (`category.json` or `kind.json`): `rules/model` for the shipped
    /// one; a folder `DIR/model` is read by `--rules DIR`.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// The model to train: `category` (the default; the one shipped) or `kind`.
    #[arg(long, value_enum, default_value_t = TargetArg::Category)]
    target: TargetArg,
    /// Also write the training examples here (JSON Lines: features, the rules' and the gold's
    /// kind and categories).
    #[arg(long, value_name = "FILE")]
    examples: Option<PathBuf>,
    /// Instead of writing models, cross-validate: the documents of the first --gold are split
    /// into K folds (in name order, in turn), each held out once while the rest and every
    /// other --gold train; prints the figures of the held-out items.
    #[arg(long, value_name = "K")]
    folds: Option<usize>,
    /// With --folds: write each held-out example's probabilities here (JSON Lines).
    #[arg(long, value_name = "FILE")]
    oof: Option<PathBuf>,
    /// Training settings (default: those of the shipped models).
    #[command(flatten)]
    config: ConfigArgs,
    #[command(flatten)]
    rule_args: RuleArgs,
}

#[derive(Args)]
struct ConfigArgs {
    /// Passes over the examples.
    #[arg(long)]
    epochs: Option<usize>,
    /// L2 penalty.
    #[arg(long)]
    l2: Option<f32>,
    /// AdaGrad's base step.
    #[arg(long)]
    rate: Option<f32>,
    /// Fewest training documents a feature must occur in.
    #[arg(long)]
    min_docs: Option<usize>,
    /// The share of the target the gold's main category gets.
    #[arg(long)]
    main_share: Option<f32>,
    /// Weights smaller than this (centred) are left out of the file.
    #[arg(long)]
    prune: Option<f32>,
    /// The feature kinds learned, by prefix, comma-separated (default for categories:
    /// `w,t,tcat,cue,own,own1,ctx,rule,rule1,prevail,genre`; for kinds: all).
    #[arg(long, value_delimiter = ',')]
    groups: Option<Vec<String>>,
    /// The model's main category replaces the rules' from this probability on.
    #[arg(long)]
    category_main_at: Option<f32>,
    /// A further category of the model is added from this probability on.
    #[arg(long)]
    category_extra_at: Option<f32>,
    /// The model's kind replaces the rules' from this probability on.
    #[arg(long)]
    kind_main_at: Option<f32>,
}

#[derive(Clone, Copy, ValueEnum)]
enum TargetArg {
    Category,
    Kind,
}

#[derive(Clone, Copy, ValueEnum)]
enum DecodeArg {
    ScorePy,
    Detect,
}

#[derive(Args)]
struct CompareArgs {
    /// Central notices, or records extracted from them (.jsonl / .json).
    #[arg(long, required = true, num_args = 1.., value_name = "PATH")]
    central: Vec<PathBuf>,
    /// Local plans and reports, or records extracted from them (.jsonl / .json).
    #[arg(long, required = true, num_args = 1.., value_name = "PATH")]
    local: Vec<PathBuf>,
    /// Compare each speaker's part of a compilation as a plan of its own.
    #[arg(long)]
    by_section: bool,
    /// A local item matches a central one when their score reaches this (scores run 0 to 1.5).
    #[arg(long, default_value_t = compare::DEFAULT_THRESHOLD, value_name = "X")]
    threshold: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CompareFormat::Md)]
    format: CompareFormat,
    /// Write to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace the default stop list (one word a line, `#` comments).
    #[arg(long, value_name = "FILE")]
    stopwords: Option<PathBuf>,
    /// Replace the default synonym list (one group a line: canonical term, then variants).
    #[arg(long, value_name = "FILE")]
    synonyms: Option<PathBuf>,
    #[command(flatten)]
    rule_args: RuleArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum CompareFormat {
    Json,
    Md,
    Html,
}

#[derive(Args)]
struct RulesArgs {
    #[command(subcommand)]
    action: RulesAction,
    #[command(flatten)]
    rule_args: RuleArgs,
}

#[derive(Subcommand, Clone, Copy)]
enum RulesAction {
    /// Load and compile the rules (report the first problem with file, rule and field), then
    /// check that every rule has examples and counter-examples and that no term is claimed by
    /// rules of two different labels in one family.
    Check,
    /// Run every rule's examples and counter-examples.
    Test,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("zhenggai: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<io::Error>())
        .any(|io| io.kind() == io::ErrorKind::BrokenPipe)
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Extract(a) => extract(a),
        Command::Eval(a) => evaluate(a),
        Command::Rules(a) => rules(a),
        Command::Compare(a) => compare_plans(a),
        Command::Stats(a) => stats(a),
        Command::Train(a) => train(a),
        Command::Review(a) => review(a),
        Command::Schema => {
            let mut out = io::stdout().lock();
            out.write_all(zhenggai::record::schema_json().as_bytes())?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn load_rules(a: &RuleArgs) -> Result<RuleSet> {
    Ok(load_sources(a)?.compile()?)
}

fn load_sources(a: &RuleArgs) -> Result<RuleSources> {
    let mut sources = if a.no_default_rules {
        RuleSources::default()
    } else {
        RuleSources::defaults()?
    };
    for dir in &a.rules {
        sources.add_dir(dir)?;
    }
    if a.no_model {
        sources.clear_models();
    }
    Ok(sources)
}

/// The year of a `--ref-date`: `YYYY` or a valid `YYYY-MM-DD`.
fn reference_year(s: &str) -> Result<i32> {
    match zhenggai::reference_year(s) {
        Some(y) => Ok(y),
        None => bail!("--ref-date `{s}`: expected YYYY-MM-DD or YYYY"),
    }
}

/// What sees the totals of a batch after each document.
type Progress<'a> = dyn FnMut(&batch::Summary) + 'a;

/// What `extract` and `stats` share: the pipeline, the thread pool and the inputs.
struct Run {
    pipeline: Pipeline,
    pool: rayon::ThreadPool,
    lister: Lister,
    opts: Options,
    quiet: bool,
    verbose: bool,
    started: std::time::Instant,
}

impl Run {
    /// Checks the flags, loads the rules and starts the pool; `paths` replaces `a.paths`.
    fn prepare(a: &InputArgs, paths: &[PathBuf], emit_text: bool) -> Result<Run> {
        let started = std::time::Instant::now();
        let stdin_paths = paths.iter().filter(|p| p.as_os_str() == "-").count();
        let stdin_list = a.files_from.as_ref().is_some_and(|l| l.as_os_str() == "-");
        if stdin_paths + usize::from(stdin_list) > 1 {
            bail!("stdin (`-`) can be read only once");
        }
        let mut sources = batch::sources(paths);
        if let Some(list) = &a.files_from {
            sources.push(Source::FilesFrom(list.clone()));
        }
        let mut lister = Lister::new(sources);
        lister.max_bytes = a.max_bytes;
        if let Some(s) = &a.shard {
            lister.shard = Some(Shard::parse(s).map_err(anyhow::Error::msg)?);
        }
        let mut opts = Options {
            emit_text,
            max_bytes: a.max_bytes,
            ..Options::default()
        };
        if let Some(label) = &a.encoding {
            opts.encoding = Some(zhenggai::decode::encoding_for_label(label)?);
        }
        if let Some(d) = &a.ref_date {
            opts.extract.reference_year = Some(reference_year(d)?);
        }
        let pipeline = Pipeline::from_sources(&load_sources(&a.rule_args)?)?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(a.jobs.unwrap_or(0))
            .build()
            .context("cannot start the thread pool")?;
        Ok(Run {
            pipeline,
            pool,
            lister,
            opts,
            quiet: a.quiet,
            verbose: a.verbose,
            started,
        })
    }

    /// Runs the batch, giving each record to `sink`, with a progress bar on a terminal.
    fn batch(&self, sink: &mut dyn FnMut(&Record) -> io::Result<()>) -> Result<batch::Summary> {
        self.with_progress(&mut |log, progress| {
            batch::run(
                &self.pipeline,
                &self.lister,
                &self.opts,
                &self.pool,
                &mut |record| sink(&record),
                log,
                progress,
            )
        })
    }

    /// Runs the batch writing JSON Lines into `out`, each task as soon as it is made
    /// ([`batch::run_jsonl`]), with a progress bar on a terminal.
    fn stream_jsonl(&self, out: &mut (dyn Write + Send)) -> Result<batch::Summary> {
        self.with_progress(&mut |log, progress| {
            batch::run_jsonl(
                &self.pipeline,
                &self.lister,
                &self.opts,
                &self.pool,
                &mut *out,
                log,
                progress,
            )
        })
    }

    /// Runs `batch` with the log on stderr and a progress bar on a terminal.
    fn with_progress(
        &self,
        batch: &mut dyn FnMut(&mut Log, &mut Progress<'_>) -> io::Result<batch::Summary>,
    ) -> Result<batch::Summary> {
        let bar = (!self.quiet && io::stderr().is_terminal()).then(|| progress_bar(&self.lister));
        let mut log = Log(bar.clone());
        let started = self.started;
        let mut progress = |s: &batch::Summary| {
            if let Some(bar) = &bar {
                bar.set_position(s.documents as u64);
                let secs = started.elapsed().as_secs_f64().max(1e-9);
                bar.set_message(format!(
                    "{:.1} MB, {:.0} docs/s",
                    s.bytes as f64 / 1e6,
                    s.documents as f64 / secs
                ));
            }
        };
        let summary = batch(&mut log, &mut progress);
        if let Some(bar) = &bar {
            bar.finish_and_clear();
        }
        Ok(summary?)
    }

    /// The summary line on stderr, unless quiet; with --verbose, first each file passed over.
    fn report(&self, summary: &batch::Summary) {
        if self.verbose {
            for s in &summary.skipped {
                eprintln!(
                    "zhenggai: skipped {} ({}: not a document)",
                    s.path, s.extension
                );
            }
        }
        if !self.quiet {
            let secs = self.started.elapsed().as_secs_f64();
            let skipped = match summary.skipped.len() {
                0 => String::new(),
                n => format!(", {n} skipped: {}", summary.skipped_by_extension()),
            };
            eprintln!(
                "zhenggai: {} documents, {} tasks, {} failed{skipped}, {:.2} s, {:.1} MB/s",
                summary.documents,
                summary.tasks,
                summary.failed,
                secs,
                summary.bytes as f64 / 1e6 / secs.max(1e-9)
            );
        }
    }
}

/// A progress bar on stderr: a spinner until the inputs are counted (in the background,
/// without reading them), then a bar with an ETA.
fn progress_bar(lister: &Lister) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} docs, {msg} [{elapsed}]") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    let (counting, lister) = (bar.clone(), lister.clone());
    std::thread::spawn(move || {
        if let Some(n) = lister.count() {
            counting.set_length(n);
            if let Ok(style) = ProgressStyle::with_template(
                "{bar:30} {pos}/{len} docs, {msg} [{elapsed}, ETA {eta}]",
            ) {
                counting.set_style(style);
            }
        }
    });
    bar
}

/// stderr, with the progress bar (when there is one) hidden while a line is written.
struct Log(Option<ProgressBar>);

impl Write for Log {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &self.0 {
            Some(bar) => bar.suspend(|| io::stderr().write_all(buf))?,
            None => io::stderr().write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}

fn exit_code(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The output format `extract` writes, after checking that every option given applies
/// to it: one that does nothing for the format is a usage error, not silently ignored.
fn extract_format(a: &ExtractArgs) -> Result<Format> {
    let csv = matches!(a.format, FormatArg::Csv);
    if a.excel && !csv {
        bail!("--excel applies to --format csv only (it adds a UTF-8 BOM for spreadsheets)");
    }
    if a.per.is_some() && !csv {
        bail!("--per applies to --format csv only (JSON gives one record a document, its tasks inside)");
    }
    if a.explain && csv {
        bail!("--explain has no CSV columns; use --format jsonl, json or text");
    }
    if a.emit_text && matches!(a.format, FormatArg::Csv | FormatArg::Text) {
        bail!("--emit-text puts the cleaned text into JSON records; use --format jsonl or json");
    }
    Ok(match a.format {
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Json => Format::Json,
        FormatArg::Csv if a.per == Some(PerArg::Document) => Format::CsvDocuments,
        FormatArg::Csv => Format::Csv,
        FormatArg::Text => Format::Text,
    })
}

/// Opens `-o FILE` safely (see `zhenggai::output::file`) and arranges for its temporary
/// file to be removed if the process is interrupted.
fn open_output(path: &Path) -> Result<OutputFile> {
    let temps = TempFiles::new();
    let file = OutputFile::create(path, &temps)?;
    if file.temp_path().is_some() {
        remove_on_signal(temps)?;
    }
    Ok(file)
}

/// On SIGINT or SIGTERM: removes the temporary files, then exits as the signal would (128 + N).
fn remove_on_signal(temps: TempFiles) -> Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])
        .context("cannot install the signal handler")?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            temps.remove_all();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

fn extract(a: ExtractArgs) -> Result<ExitCode> {
    if a.input.paths.is_empty() && a.input.files_from.is_none() {
        bail!("extract: no input; give a PATH, `-` for stdin, or --files-from LIST");
    }
    let format = extract_format(&a)?;
    // a folder or an unwritable place as -o fails here, before any work and with nothing left behind
    let output = a.output.as_deref().map(open_output).transpose()?;
    let mut run = Run::prepare(&a.input, &a.input.paths, a.emit_text)?;
    run.opts.extract.explain = a.explain;
    let write_to = |out: &mut (dyn Write + Send)| -> Result<batch::Summary> {
        if format == Format::Jsonl {
            // a record's tasks go out as they are made (the same bytes as Writer's)
            let mut out = io::BufWriter::new(out);
            let summary = run.stream_jsonl(&mut out)?;
            out.flush()?;
            return Ok(summary);
        }
        let mut writer = Writer::new(io::BufWriter::new(out), format, a.excel)?;
        let summary = run.batch(&mut |r| writer.write(r))?;
        writer.finish()?;
        Ok(summary)
    };
    let summary = match output {
        Some(mut file) => {
            // on an error the file is dropped, which removes the temporary file
            let summary = write_to(&mut file)?;
            file.commit()?;
            summary
        }
        None => match unbuffered_stdout() {
            Some(mut stdout) => write_to(&mut stdout)?,
            None => write_to(&mut io::stdout())?,
        },
    };
    run.report(&summary);
    Ok(exit_code(summary.failed > 0))
}

/// Standard output as a file of its own (a duplicate of its descriptor), for output that
/// is buffered already: `io::stdout()` buffers by line, and looked for the last newline in
/// every block the buffer above it wrote (about 0.5 % of an extraction's instructions).
/// `None` where there is no descriptor to duplicate (then `io::stdout()` serves).
#[cfg(unix)]
fn unbuffered_stdout() -> Option<std::fs::File> {
    use std::os::fd::AsFd as _;
    let fd = io::stdout().as_fd().try_clone_to_owned().ok()?;
    Some(std::fs::File::from(fd))
}

/// Standard output as a file of its own: only on Unix (elsewhere `io::stdout()` serves).
#[cfg(not(unix))]
fn unbuffered_stdout() -> Option<std::fs::File> {
    None
}

fn stats(a: StatsArgs) -> Result<ExitCode> {
    if a.input.paths.is_empty() && a.input.files_from.is_none() {
        bail!("stats: no input; give a PATH, `-` for stdin, or --files-from LIST");
    }
    let (record_files, notices): (Vec<PathBuf>, Vec<PathBuf>) = a
        .input
        .paths
        .iter()
        .cloned()
        .partition(|p| stats::is_records_file(p) && p.is_file());
    let mut counts = Stats::default();
    let mut failed = false;
    for p in &record_files {
        let name = p.display().to_string();
        let problems = match std::fs::File::open(p) {
            Ok(f) => counts.add_records_from(&name, io::BufReader::new(f)),
            Err(e) => vec![format!("{name}: cannot read: {e}")],
        };
        for problem in &problems {
            eprintln!("zhenggai: {problem}");
        }
        failed |= !problems.is_empty();
    }
    if !notices.is_empty() || a.input.files_from.is_some() {
        let run = Run::prepare(&a.input, &notices, false)?;
        let summary = run.batch(&mut |r| {
            counts.add(r);
            Ok(())
        })?;
        run.report(&summary);
        failed |= summary.failed > 0;
    }
    let mut out = io::stdout().lock();
    out.write_all(
        if a.json {
            counts.to_json()
        } else {
            counts.table()
        }
        .as_bytes(),
    )?;
    out.flush()?;
    Ok(exit_code(failed))
}

fn review(a: ReviewArgs) -> Result<ExitCode> {
    if a.input.paths.is_empty() && a.input.files_from.is_none() {
        bail!("review: no input; give a PATH, `-` for stdin, or --files-from LIST");
    }
    let output = a.output.as_deref().map(open_output).transpose()?;
    let (record_files, notices): (Vec<PathBuf>, Vec<PathBuf>) = a
        .input
        .paths
        .iter()
        .cloned()
        .partition(|p| zhenggai::record::is_record_file(p) && p.is_file());
    // a record that cannot go on the page is left out with a line on stderr
    let add = |page: &mut zhenggai::review::Review, r: &Record| match page.add(r) {
        Ok(()) => false,
        Err(e) => {
            eprintln!("zhenggai: {e}");
            true
        }
    };
    let mut failed = false;
    let mut page = if !notices.is_empty() || a.input.files_from.is_some() {
        let mut run = Run::prepare(&a.input, &notices, true)?;
        run.opts.extract.explain = true;
        let mut page = zhenggai::review::Review::new(run.pipeline.rules());
        let summary = run.batch(&mut |r| {
            failed |= add(&mut page, r);
            Ok(())
        })?;
        run.report(&summary);
        failed |= summary.failed > 0;
        page
    } else {
        zhenggai::review::Review::new(&load_rules(&a.input.rule_args)?)
    };
    for p in &record_files {
        let records = zhenggai::record::read_record_file(p)
            .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
        for r in &records {
            failed |= add(&mut page, r);
            failed |= r.error.is_some();
        }
    }
    page.title(&a.title);
    let html = page.html();
    match output {
        Some(mut file) => {
            file.write_all(html.as_bytes())
                .and_then(|()| file.commit())
                .with_context(|| {
                    format!("cannot write {}", a.output.unwrap_or_default().display())
                })?;
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(html.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(exit_code(failed))
}

fn evaluate(a: EvalArgs) -> Result<ExitCode> {
    let records = if a.predictions.is_empty() {
        let pipeline = Pipeline::new(load_rules(&a.rule_args)?)?;
        let lister = Lister::new(batch::sources(std::slice::from_ref(&a.corpus)));
        batch::extract_all(&pipeline, &lister, &Options::default())
    } else {
        let mut records = Vec::new();
        for p in &a.predictions {
            let read = zhenggai::record::read_record_file(p)
                .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            records.extend(read);
        }
        records
    };
    let decoding = match a.decode {
        DecodeArg::ScorePy => eval::Decoding::ScorePy,
        DecodeArg::Detect => eval::Decoding::Detect,
    };
    let report = eval::score(&a.gold, &a.corpus, &records, decoding).inspect_err(|e| {
        if matches!(e, eval::EvalError::QuoteNotFound { .. }) && decoding == eval::Decoding::ScorePy
        {
            eprintln!(
                "note: documents are decoded as the reference scorer decodes them, which misreads \
                 Big5 and UTF-16; `--decode detect` reads them as zhenggai does"
            );
        }
    })?;
    for doc in &report.missing_predictions {
        eprintln!("warning: no prediction for {doc}");
    }
    print!("{}", report.to_text(a.per_doc, a.misses));
    if let Some(path) = &a.json {
        std::fs::write(path, report.to_json())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    io::stdout().flush()?;
    Ok(ExitCode::SUCCESS)
}

fn compare_plans(a: CompareArgs) -> Result<ExitCode> {
    if !a.threshold.is_finite() || a.threshold < 0.0 {
        bail!("--threshold {}: expected a number from 0 up", a.threshold);
    }
    let read = |p: &PathBuf| {
        std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
    };
    let mut compare_rules = compare::CompareRules::defaults();
    if let Some(p) = &a.stopwords {
        compare_rules.lexicon.stop = compare::align::StopList::parse(&read(p)?);
    }
    if let Some(p) = &a.synonyms {
        compare_rules.lexicon.synonyms = compare::align::Synonyms::parse(&read(p)?)
            .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
    }
    // the rules' own categories: the boosts, the framing test and the threshold were set on them
    let mut sources = load_sources(&a.rule_args)?;
    sources.clear_models();
    let pipeline = Pipeline::new(sources.compile()?)?;
    let (report, errors) = compare::compare_paths(
        &pipeline,
        &a.central,
        &a.local,
        &compare_rules,
        &compare::CompareOptions {
            threshold: a.threshold,
            by_section: a.by_section,
        },
    );
    for e in &errors {
        eprintln!("zhenggai: {e}");
    }
    let text = match a.format {
        CompareFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        CompareFormat::Md => compare::render::markdown(&report),
        CompareFormat::Html => compare::render::html_page(&report),
    };
    match &a.output {
        Some(path) => {
            let mut file = open_output(path)?;
            file.write_all(text.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            file.commit()?;
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn rules(a: RulesArgs) -> Result<ExitCode> {
    let sources = load_sources(&a.rule_args)?;
    let set = sources.compile()?;
    match a.action {
        RulesAction::Check => {
            let mut problems = sources.lint();
            problems.extend(sources.conflicts());
            if !problems.is_empty() {
                for p in &problems {
                    println!("{p}");
                }
                println!("{} problems", problems.len());
                return Ok(ExitCode::from(1));
            }
            let n = set.all_rules().count();
            println!(
                "rules ok: {n} rules, {} categories, {} lexicons",
                set.categories.len(),
                set.lexicons.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        RulesAction::Test => {
            let pipeline = Pipeline::new(set)?;
            let report = zhenggai::extract::examples::run(pipeline.rules(), pipeline.segmenter());
            for f in &report.failures {
                println!("FAIL {f}");
            }
            println!(
                "{} passed ({} marked with what they yield), {} failed",
                report.passed,
                report.marked,
                report.failures.len()
            );
            Ok(if report.failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

fn train(a: TrainArgs) -> Result<ExitCode> {
    use zhenggai::learn::{self, GoldSet, Target};
    if a.gold.len() != a.corpus.len() {
        bail!("give one --corpus for each --gold");
    }
    if a.output.is_none() && a.folds.is_none() {
        bail!("give -o DIR (where the model goes) or --folds K");
    }
    let mut sources = load_sources(&a.rule_args)?;
    // the examples read the rules' own decisions
    sources.clear_models();
    let pipeline = Pipeline::new(sources.compile()?)?;
    let sets: Vec<GoldSet> = (a.gold.iter().zip(&a.corpus))
        .map(|(gold, corpus)| GoldSet {
            gold: gold.clone(),
            corpus: corpus.clone(),
        })
        .collect();
    let examples = learn::examples(&pipeline, &sets, &|_| true)?;
    if let Some(path) = &a.examples {
        let mut text = String::new();
        for e in &examples {
            text += &serde_json::to_string(e)?;
            text.push('\n');
        }
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let target = match a.target {
        TargetArg::Category => Target::Category,
        TargetArg::Kind => Target::Kind,
    };
    let settings = train_settings(&a);
    let order: Vec<String> = pipeline
        .rules()
        .categories
        .iter()
        .map(|c| c.id.clone())
        .collect();
    if let Some(k) = a.folds {
        let first: std::collections::HashSet<String> = learn::documents_of(&a.gold[0])?;
        let report = learn::cross_validate(
            &examples,
            &order,
            &settings,
            &[target],
            &first,
            k,
            pipeline.rules().none_category(),
        );
        print!("{}", report.text);
        if let Some(path) = &a.oof {
            std::fs::write(path, &report.jsonl)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let command = std::iter::once("zhenggai".to_string())
        .chain(std::env::args().skip(1))
        .collect::<Vec<_>>()
        .join(" ");
    let dir = a.output.as_deref().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let model = learn::fit(target, &examples, &order, &settings, &command);
    let path = dir.join(format!("{}.json", target.as_str()));
    let mut file = open_output(&path)?;
    file.write_all(learn::to_json(&model).as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.commit()?;
    eprintln!(
        "zhenggai: {}: {} examples of {} documents, {} features",
        path.display(),
        model.trained.examples,
        model.trained.documents,
        model.weights.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// The training settings: the shipped model's, with what the flags change.
fn train_settings(a: &TrainArgs) -> zhenggai::learn::Settings {
    let mut settings = zhenggai::learn::Settings::default();
    let c = &a.config;
    let config = &mut settings.config;
    config.epochs = c.epochs.unwrap_or(config.epochs);
    config.l2 = c.l2.unwrap_or(config.l2);
    config.rate = c.rate.unwrap_or(config.rate);
    config.min_docs = c.min_docs.unwrap_or(config.min_docs);
    config.main_share = c.main_share.unwrap_or(config.main_share);
    config.prune = c.prune.unwrap_or(config.prune);
    config.groups = match (&c.groups, a.target) {
        (Some(g), _) => g.clone(),
        // a kind model reads every kind of feature
        (None, TargetArg::Kind) => Vec::new(),
        (None, TargetArg::Category) => config.groups.clone(),
    };
    let cat = &mut settings.category;
    cat.main_at = c.category_main_at.unwrap_or(cat.main_at);
    cat.extra_at = c.category_extra_at.unwrap_or(cat.extra_at);
    let kind = &mut settings.kind;
    kind.main_at = c.kind_main_at.unwrap_or(kind.main_at);
    settings
}
