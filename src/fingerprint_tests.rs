use super::*;

pub(crate) const STORY: &str = "Harga cabai rawit di Pasar Induk Kramat Jati naik tajam sejak awal pekan. Pedagang menyebut pasokan dari Jawa Tengah berkurang karena kemarau panjang yang melanda sentra produksi. Seorang pedagang mengatakan harga kini mencapai Rp 80.000 per kilogram, naik dari Rp 50.000 pekan lalu. Pemerintah daerah berjanji menggelar operasi pasar untuk menekan harga dalam beberapa hari ke depan. Kepala dinas perdagangan menjelaskan bahwa stok di gudang Bulog masih cukup untuk dua minggu. Ia meminta warga tidak panik dan membeli secukupnya agar harga tidak semakin melonjak. Sejumlah ibu rumah tangga mengaku mengurangi belanja cabai dan beralih ke cabai kering. Pemilik warung makan di kawasan Cawang juga menaikkan harga sambal karena biaya bahan baku meningkat.";

#[test]
fn signatures_survive_the_index_in_any_order() {
    let signature = signature_of(STORY).unwrap();
    let mut values: Vec<u64> = signature_values(&signature).collect();
    values.reverse();
    assert_eq!(
        signature_from_values(values.iter().copied()),
        Some(signature)
    );
    assert_eq!(signature_from_values(values[1..].iter().copied()), None);
}

#[test]
fn the_hash_ignores_spacing_case_and_punctuation() {
    let hash = |body: &str| fingerprint_of(body).hash;
    assert_eq!(
        hash("Korea Utara, kata dia."),
        hash("korea  utara kata\tdia")
    );
    assert_ne!(hash("Korea Utara"), hash("Korea Selatan"));
}

/// The fingerprints as they were first computed: the body folded whole, split into
/// words, each shingle's words hashed one by one. Signatures live in indexes, so the
/// one-pass computation must give the same values.
fn fingerprint_by_folded_text(body: &str, kind: SignatureKind) -> Fingerprint {
    let folded = crate::analysis::fold(body);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let normalised: String = words.iter().map(|w| format!("{w} ")).collect();
    let hash = u64::from_le_bytes(
        blake3::hash(normalised.as_bytes()).as_bytes()[..8]
            .try_into()
            .unwrap(),
    );
    let signature = (words.len() >= MIN_WORDS).then(|| match kind {
        SignatureKind::Permutations => permutation_signature(&words),
        SignatureKind::OnePermutation => {
            let mut bins = [u32::MAX; PERMUTATIONS];
            let mut filled = 0u64;
            for shingle in words.windows(SHINGLE) {
                let h = mix(shingle_hash(shingle));
                let bin = (((h >> 32) * PERMUTATIONS as u64) >> 32) as usize;
                bins[bin] = bins[bin].min(h as u32);
                filled |= 1 << bin;
            }
            densify(&bins, filled)
        }
    });
    Fingerprint { hash, signature }
}

#[test]
fn one_pass_fingerprints_equal_those_of_the_folded_text() {
    let long = "Harga cabai di Pasar Kramat Jati naik 20 persen, kata pedagang. ".repeat(8);
    let bodies = [
        long.as_str(),
        "Café “naïve” ﬁnal—Ⅻ² İstanbul ǅ x\u{301}y so\u{ad}ft 1.250.000,50 e-mail@x.id COVID-19",
        "",
        " ,. ",
        "satu",
    ];
    for body in bodies {
        let accented = format!("{body} {}", body.to_uppercase());
        for text in [body, accented.as_str()] {
            for kind in [SignatureKind::Permutations, SignatureKind::OnePermutation] {
                let (new, old) = (
                    fingerprint_with(text, kind),
                    fingerprint_by_folded_text(text, kind),
                );
                assert_eq!(
                    (new.hash, new.signature),
                    (old.hash, old.signature),
                    "{text}"
                );
            }
        }
    }
}

proptest::proptest! {
    #[test]
    fn one_pass_fingerprints_equal_those_of_any_folded_text(
        words in proptest::collection::vec("[a-zA-Z0-9éÉ\u{301}ﬁ.,-]{1,8}|\\PC{1,4}", 0..80)
    ) {
        let body = words.join(" ");
        let (new, old) = (fingerprint_of(&body), fingerprint_by_folded_text(&body, SignatureKind::OnePermutation));
        proptest::prop_assert_eq!((new.hash, new.signature), (old.hash, old.signature));
    }
}
