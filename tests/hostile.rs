//! Hostile inputs: huge, repetitive, degenerate or non-Latin text. Each test
//! states what must come out; all of them must finish quickly (there is no
//! timing assertion, but a quadratic path would make this file crawl).

use newsdedup::{Config, Kind, clean};

/// Cleans `text` and checks the invariants every output must keep.
fn cleaned(text: &str) -> String {
    let result = clean(text, &Config::default());
    let mut last_end = 0;
    for span in result.kept_spans() {
        assert!(span.start >= last_end && span.end <= text.len());
        last_end = span.end;
    }
    let out = result.text();
    assert_eq!(
        clean(&out, &Config::default()).text(),
        out,
        "not idempotent"
    );
    out
}

#[test]
fn a_10_mb_line_without_spaces_is_one_sentence_and_stays() {
    let line = "abcdefghij".repeat(1_000_000) + "\n";
    let doc = newsdedup::parse::parse(&line);
    assert_eq!(doc.sentences.len(), 1);
    assert_eq!(cleaned(&line), line);
}

#[test]
fn a_million_one_word_paragraphs_stay() {
    let words = ["alpha", "beta", "gamma", "delta"];
    let text: String = (0..1_000_000)
        .map(|i| format!("{}\n\n", words[i % 4]))
        .collect();
    // One-word paragraphs repeat, but a word is too short to drop on its own.
    assert_eq!(cleaned(&text), text);
}

#[test]
fn the_same_sentence_100_000_times_leaves_one() {
    let sentence = "The council approved the new budget on Monday after a long debate.";
    let text = format!("{sentence}\n\n").repeat(100_000);
    assert_eq!(cleaned(&text), format!("{sentence}\n\n"));
    let one_paragraph = format!("{sentence} ").repeat(100_000);
    assert_eq!(cleaned(&one_paragraph), format!("{sentence} "));
}

#[test]
fn a_repeated_giant_paragraph_goes() {
    let paragraph: String = (0..20_000)
        .map(|i| format!("Sentence number {i} says something new about item {i}. "))
        .collect();
    let text = format!("{paragraph}\n\n{paragraph}\n");
    assert_eq!(cleaned(&text), format!("{paragraph}\n"));
}

#[test]
fn an_extremely_long_sentence_is_handled_and_its_repeat_dropped() {
    let words: Vec<String> = (0..60_000).map(|i| format!("w{i}")).collect();
    let sentence = words.join(" ") + ".";
    let text = format!("Title\n\n{sentence}\n\n{sentence}\n");
    assert_eq!(cleaned(&text), format!("Title\n\n{sentence}\n"));
}

#[test]
fn punctuation_only_and_whitespace_only_inputs_stay() {
    for text in [
        "!!! ??? ... --- *** ||| ;;; ,,,\n\n!!! ??? ... --- ***\n",
        "   \n\n\t\t\n \r\n\r\n      ",
        "\n\n\n\n",
        "...",
    ] {
        assert_eq!(cleaned(text), text);
    }
}

#[test]
fn nul_bytes_are_ordinary_characters() {
    let text =
        "Title\0\n\nA sentence with a \0 inside it here.\n\nA sentence with a \0 inside it here.\n";
    assert_eq!(
        cleaned(text),
        "Title\0\n\nA sentence with a \0 inside it here.\n"
    );
}

#[test]
fn a_byte_order_mark_is_kept() {
    let text =
        "\u{feff}Title\n\nSome text that repeats itself.\n\nSome text that repeats itself.\n";
    assert_eq!(
        cleaned(text),
        "\u{feff}Title\n\nSome text that repeats itself.\n"
    );
}

#[test]
fn unbalanced_quotes_do_not_confuse_the_splitter() {
    let text = "He said \"this never ends. And then “more of it. ”Another one” here.\n\n\
                He said \"this never ends.\n";
    let out = cleaned(text);
    assert!(out.starts_with("He said \"this never ends. And then"));
    assert!(
        !out.ends_with("He said \"this never ends.\n") || out.matches("never ends").count() == 1
    );
}

#[test]
fn chinese_and_japanese_without_spaces_split_into_sentences_and_repeats_go() {
    let zh = "北京今天宣布新的经济计划。专家认为这将促进增长。政府表示将投资一千亿元。";
    let doc = newsdedup::parse::parse(zh);
    assert_eq!(doc.sentences.len(), 3);
    let text = format!("标题\n\n{zh}\n\n专家认为这将促进增长。政府表示将投资一千亿元。\n");
    assert_eq!(cleaned(&text), format!("标题\n\n{zh}\n"));
    // A near copy (one character dropped) in a run of repeats goes too; a
    // changed number stays.
    let recap = "北京今天宣布新的经济计划。专家认为这将促进长。政府表示将投资两千亿元。";
    let text = format!("标题\n\n{zh}\n\n{recap}\n");
    assert_eq!(
        cleaned(&text),
        format!("标题\n\n{zh}\n\n政府表示将投资两千亿元。\n")
    );
    let ja = "東京で新しい美術館が開館した。多くの人が訪れた。";
    let text = format!("{ja}\n\n{ja}\n");
    assert_eq!(cleaned(&text), format!("{ja}\n"));
}

#[test]
fn arabic_hindi_emoji_and_combining_marks() {
    let ar = "أعلنت الحكومة عن خطة جديدة للاقتصاد اليوم. وقال الوزير إن الخطة ستبدأ في الربيع.";
    let text = format!("{ar}\n\n{ar}\n");
    assert_eq!(cleaned(&text), format!("{ar}\n"));
    let hi = "सरकार ने आज नई आर्थिक योजना की घोषणा की। मंत्री ने कहा कि योजना वसंत में शुरू होगी।";
    assert_eq!(newsdedup::parse::parse(hi).sentences.len(), 2);
    let text = format!("{hi}\n\n{hi}\n");
    assert_eq!(cleaned(&text), format!("{hi}\n"));
    // "café" written with a combining accent, and emoji, repeat like anything else.
    let mixed = "The cafe\u{301} 🙂 reopened on Monday after the long flood repairs 🎉.";
    let text = format!("{mixed}\n\n{mixed}\n");
    let result = clean(&text, &Config::default());
    assert_eq!(result.text(), format!("{mixed}\n"));
    assert_eq!(result.decisions[0].kind, Kind::Exact);
}
