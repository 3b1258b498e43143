//! What the browser tests share: chromedriver on a free port, a headless Chromium session
//! through it (fantoccini), the pages made by the CLI, keys, screenshots and downloads.
//!
//! Without `chromedriver` and `chromium` on PATH a test prints why and passes, unless
//! `ZHENGGAI_REQUIRE_BROWSER=1` (set by `.ci/run`): then it fails.

#![allow(dead_code)] // each test file uses part of it

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One browser at a time: the machines this runs on have two cores.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs a browser test's body on a runtime of its own, holding the browser for its length.
pub fn in_browser(test: impl std::future::Future<Output = ()>) {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(test);
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh folder for one test under the target's tmp folder.
pub fn work_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("browser")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("work dir");
    dir
}

/// Where screenshots go for a reviewer to look at: `target/screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().unwrap_or(&tmp).join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

/// Runs the `zhenggai` binary in the repository's root; panics with its stderr on failure
/// (exit status 0 or 1 is success: 1 says some input failed, which a test checks itself).
pub fn zhenggai(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run zhenggai");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "zhenggai {args:?}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// chromedriver, stopped when dropped.
pub struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn found(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// chromedriver started with `envs` added to its environment (Chromium inherits it), or
/// `None` when there is no browser and none is required.
pub fn driver(envs: &[(&str, &Path)]) -> Option<Driver> {
    if !found("chromedriver") || !found("chromium") {
        if std::env::var("ZHENGGAI_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("chromium or chromedriver is not installed and ZHENGGAI_REQUIRE_BROWSER=1");
        }
        eprintln!("skipped: chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        return None;
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let mut cmd = Command::new("chromedriver");
    cmd.arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let child = cmd.spawn().expect("start chromedriver");
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(driver)
}

/// A headless Chromium session of `width` × `height` CSS pixels with a fresh profile in
/// `dir`, whose downloads go to `dir/downloads`. Chromium's own traffic (updates, sync,
/// QUIC) is switched off: the machines have no network beyond package registries.
pub async fn session(driver: &Driver, width: u32, height: u32, dir: &Path) -> Client {
    let downloads = dir.join("downloads");
    let profile = dir.join("profile");
    std::fs::create_dir_all(&downloads).expect("downloads dir");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".to_string(),
        json!({
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--force-device-scale-factor=1", "--hide-scrollbars",
                format!("--user-data-dir={}", profile.display()),
                format!("--window-size={width},{height}"),
            ],
            "prefs": {
                "download.default_directory": downloads.display().to_string(),
                "download.prompt_for_download": false,
            },
        }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session");
    client
        .set_window_size(width, height)
        .await
        .expect("window size");
    client
}

pub fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Opens document `doc` of a review page (`#doc=N`, and `&task=KEY` when given) and waits
/// for its script to have rendered it. Going to another document of the page already open
/// changes only the URL's fragment: the page follows it without a reload.
pub async fn open_review(c: &Client, page: &Path, doc: usize) {
    c.goto(&format!("{}#doc={doc}", file_url(page)))
        .await
        .expect("open the page");
    wait_rendered(c, doc).await;
}

/// Waits for a review page's script to have rendered document `doc`.
pub async fn wait_rendered(c: &Client, doc: usize) {
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(&format!(
            "body[data-ready='1'] #text[data-doc='{doc}']"
        )))
        .await
        .expect("the page's script rendered the document");
}

/// Runs a script in the page (its body: `return …`).
pub async fn js(c: &Client, script: &str, args: Vec<Value>) -> Value {
    c.execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

pub async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Presses keys one after the other on the keyboard, as a reader would (the page listens
/// on the document).
pub async fn keys(c: &Client, text: &str) {
    let mut actions = KeyActions::new("keyboard".to_string());
    for ch in text.chars() {
        actions = actions
            .then(KeyAction::Down { value: ch })
            .then(KeyAction::Up { value: ch });
    }
    c.perform_actions(actions).await.expect("keys");
}

/// Writes a screenshot of the window to `target/screenshots/NAME.png` and gives its path.
pub async fn screenshot(c: &Client, name: &str) -> PathBuf {
    let png = c.screenshot().await.expect("screenshot");
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).expect("write screenshot");
    path
}

/// Waits for a finished download named `name` in `dir`.
pub fn downloaded(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let started = Instant::now();
    loop {
        let partial = std::fs::read_dir(dir)
            .map(|d| {
                d.flatten()
                    .any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"))
            })
            .unwrap_or(false);
        if path.is_file() && !partial {
            return path;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no download {name} in {}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Whether the Chinese of an element renders as glyphs: a Han character is about 1em wide
/// in every CJK font (a missing-glyph box of a Latin font is narrower), and two different
/// characters, drawn in the element's font, differ from each other and from a code point no
/// font has (boxes are all alike). Gives the measures, `ok` true when all hold.
pub async fn han_glyphs(c: &Client, css: &str) -> Value {
    js(
        c,
        r#"
        const host = document.querySelector(arguments[0]);
        if (!host) return {ok: false, error: 'no element ' + arguments[0]};
        const style = getComputedStyle(host);
        const size = parseFloat(style.fontSize);
        const width = (text) => {
          const s = document.createElement('span');
          s.textContent = text;
          s.style.whiteSpace = 'pre';
          host.appendChild(s);
          const w = s.getBoundingClientRect().width;
          s.remove();
          return w;
        };
        const draw = (ch) => {
          const canvas = document.createElement('canvas');
          canvas.width = canvas.height = Math.ceil(size * 2);
          const g = canvas.getContext('2d');
          g.font = style.fontStyle + ' ' + style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
          g.fillText(ch, 2, size * 1.4);
          return canvas.toDataURL();
        };
        const han = '整改落实中央决策部署';
        const hanWidth = width(han);
        const none = String.fromCodePoint(0x10FFFD);
        const noneWidth = width(none.repeat(han.length));
        const a = draw('整'), b = draw('改'), box = draw(none);
        const distinct = a !== b && a !== box && b !== box;
        const wide = hanWidth >= 0.9 * size * han.length;
        return {ok: distinct && wide, distinct, wide, han_width: hanWidth, none_width: noneWidth,
                font_size: size, font_family: style.fontFamily};
        "#,
        vec![json!(css)],
    )
    .await
}
