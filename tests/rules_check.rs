//! `rules check` asks every rule for examples and counter-examples, naming file, rule and field.

use std::process::Command;

#[test]
fn a_rule_without_counter_examples_fails_the_check_but_still_runs() {
    let dir = std::env::temp_dir().join(format!("zhenggai-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("mine.toml"),
        "[[rule]]\nid = \"deadline.mine.soon\"\ndescription = \"a custom cue\"\nlabel = \"immediate\"\npriority = 5\n\
         terms = [\"尽快\"]\nexamples = [\"尽快完成整改\"]\n",
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_zhenggai");
    let d = dir.to_string_lossy().into_owned();
    let check = Command::new(bin)
        .args(["rules", "check", "--rules", &d])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{out}");
    assert!(
        out.lines().any(|l| l.contains("mine.toml")
            && l.contains("`deadline.mine.soon`")
            && l.contains("counter_examples")),
        "{out}"
    );
    // the defaults pass
    let check = Command::new(bin).args(["rules", "check"]).output().unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    // the rule itself loads and fires in an extraction (its priority wins over the default cue)
    let notice = dir.join("n.txt");
    std::fs::write(&notice, "关于整改的通知\n各部门要尽快完成整改。\n").unwrap();
    let run = Command::new(bin)
        .args(["extract", "-q", "--rules", &d, &notice.to_string_lossy()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&run.stdout).contains("deadline.mine.soon"));
    std::fs::remove_dir_all(&dir).ok();
}
