//! Prebuilds jieba's dictionary: jieba-rs's default dictionary with the embedded rules'
//! dictionary (`rules/dict.txt`) loaded on top, exactly as `Segmenter::new` loads it at run
//! time, written as `$OUT_DIR/jieba-prebuilt.bin` (`Jieba::to_prebuilt`) for `src/segment.rs`
//! to embed. Start-up then reads the tables in place instead of parsing 349 046 lines and
//! building the trie (0.43 G instructions). `segment::tests::prebuilt_dictionary_is_current`
//! checks the embedded form against the text dictionaries.

use std::io::BufReader;
use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=rules/dict.txt");
    let dict = std::fs::read_to_string("rules/dict.txt").expect("rules/dict.txt is readable");
    let mut jieba = jieba_rs::Jieba::new();
    jieba
        .load_dict(&mut BufReader::new(dict.as_bytes()))
        .expect("rules/dict.txt loads");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("jieba-prebuilt.bin"), jieba.to_prebuilt())
        .expect("the prebuilt dictionary is written");
}
