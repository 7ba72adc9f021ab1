use super::*;

pub(crate) const STORY: &str = "Harga cabai rawit di Pasar Induk Kramat Jati naik tajam sejak awal pekan. Pedagang menyebut pasokan dari Jawa Tengah berkurang karena kemarau panjang yang melanda sentra produksi. Seorang pedagang mengatakan harga kini mencapai Rp 80.000 per kilogram, naik dari Rp 50.000 pekan lalu. Pemerintah daerah berjanji menggelar operasi pasar untuk menekan harga dalam beberapa hari ke depan. Kepala dinas perdagangan menjelaskan bahwa stok di gudang Bulog masih cukup untuk dua minggu. Ia meminta warga tidak panik dan membeli secukupnya agar harga tidak semakin melonjak. Sejumlah ibu rumah tangga mengaku mengurangi belanja cabai dan beralih ke cabai kering. Pemilik warung makan di kawasan Cawang juga menaikkan harga sambal karena biaya bahan baku meningkat.";

const KINDS: [SignatureKind; 3] = [
    SignatureKind::Permutations,
    SignatureKind::OnePermutation,
    SignatureKind::WordHashes,
];

#[test]
fn tagged_signatures_survive_the_index_in_any_order() {
    let signature = fingerprint_with(STORY, SignatureKind::OnePermutation)
        .signature
        .unwrap();
    let mut values: Vec<u64> =
        signature_values(&signature, SignatureKind::OnePermutation).collect();
    assert_eq!(values.len(), PERMUTATIONS);
    values.reverse();
    assert_eq!(
        signature_from_values(values.iter().copied()),
        Some(signature)
    );
    assert_eq!(signature_from_values(values[1..].iter().copied()), None);
}

#[test]
fn packed_signatures_are_two_values_to_a_number_in_order() {
    let signature = signature_of(STORY).unwrap();
    let values: Vec<u64> = signature_values(&signature, SignatureKind::WordHashes).collect();
    assert_eq!(values.len(), PERMUTATIONS / 2);
    assert_eq!(
        values[0],
        u64::from(signature[0]) << 32 | u64::from(signature[1])
    );
    assert_eq!(
        values[15],
        u64::from(signature[30]) << 32 | u64::from(signature[31])
    );
    assert_eq!(
        signature_from_values(values.iter().copied()),
        Some(signature)
    );
    assert_eq!(signature_from_values(values[1..].iter().copied()), None);
    let too_many = values.iter().chain(&values).chain(&values).copied();
    assert_eq!(signature_from_values(too_many), None);
}

#[test]
fn every_kind_tells_a_near_copy_from_another_story() {
    let edited = STORY.replace("Rp 80.000", "Rp 85.000");
    let other = STORY.replace("cabai", "bawang").replace("harga", "stok");
    for kind in KINDS {
        let signature = |body: &str| fingerprint_with(body, kind).signature.unwrap();
        let near = similarity(&signature(STORY), &signature(&edited));
        let far = similarity(&signature(STORY), &signature(&other));
        assert!(near >= SAME_STORY, "{kind:?}: {near}");
        assert!(far < SAME_STORY, "{kind:?}: {far}");
    }
}

#[test]
fn the_hash_ignores_spacing_case_and_punctuation() {
    for kind in KINDS {
        let hash = |body: &str| fingerprint_with(body, kind).hash;
        assert_eq!(
            hash("Korea Utara, kata dia."),
            hash("korea  utara kata\tdia")
        );
        assert_ne!(hash("Korea Utara"), hash("Korea Selatan"));
        assert_ne!(hash("Korea Utara"), hash("Utara Korea"));
        assert_ne!(hash("Korea Utara"), hash("KoreaUtara"));
    }
}

/// The fingerprints as they were first computed: the body folded whole, split into
/// words, each shingle's words hashed one by one (or, for `WordHashes`, each word
/// hashed by itself). Signatures live in indexes, so the one-pass computation must
/// give the same values.
fn fingerprint_by_folded_text(body: &str, kind: SignatureKind) -> Fingerprint {
    let folded = crate::analysis::fold(body);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if kind == SignatureKind::WordHashes {
        let hashes: Vec<u64> = words.iter().map(|w| mix(fnv1a(w.as_bytes()))).collect();
        let mut exact = FNV_OFFSET;
        for &h in &hashes {
            exact = mix(exact ^ h);
        }
        let signature = (words.len() >= MIN_WORDS).then(|| {
            let mut bins = [u32::MAX; PERMUTATIONS];
            let mut filled = 0u64;
            for w in hashes.windows(SHINGLE) {
                let h = mix(w[0] ^ w[1].rotate_left(21) ^ w[2].rotate_left(42));
                let bin = (((h >> 32) * PERMUTATIONS as u64) >> 32) as usize;
                bins[bin] = bins[bin].min(h as u32);
                filled |= 1 << bin;
            }
            densify(&bins, filled)
        });
        return Fingerprint {
            hash: mix(exact ^ words.len() as u64),
            signature,
        };
    }
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
        SignatureKind::WordHashes => unreachable!("returned above"),
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
            for kind in KINDS {
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
        for kind in KINDS {
            let (new, old) = (fingerprint_with(&body, kind), fingerprint_by_folded_text(&body, kind));
            proptest::prop_assert_eq!((new.hash, new.signature), (old.hash, old.signature));
        }
    }
}
