use super::*;

use crate::fingerprint::tests::STORY;

fn member(id: &str, day: u64, body: &str) -> Member {
    let hash = fingerprint_of(body).hash;
    Member {
        id: id.into(),
        id_key: 0,
        address: DocAddress::new(0, 0),
        day,
        fingerprint: Fingerprint {
            hash,
            signature: signature_of(body),
        },
    }
}

#[test]
fn near_copies_are_one_story_and_other_stories_are_not() {
    let changed_dateline = format!("JAKARTA, KOMPAS.com - {STORY}");
    let other = "Tim nasional sepak bola Indonesia kalah dari Malaysia dalam laga kualifikasi \
        Piala Dunia di Stadion Gelora Bung Karno. Pelatih menyebut para pemain kurang fokus \
        di babak kedua dan kehilangan bola di lini tengah. Suporter kecewa dan sempat \
        menyalakan suar di tribun selatan sebelum laga dihentikan sementara oleh wasit.";
    let a = member("b", 20191015, STORY);
    let b = member("a", 20191016, &changed_dateline);
    let c = member("c", 20191015, other);
    assert!(a.fingerprint.same_story(&b.fingerprint));
    let edited = STORY.replace("Rp 80.000", "Rp 85.000");
    assert!(a
        .fingerprint
        .same_story(&member("e", 1, &edited).fingerprint));
    assert!(!a.fingerprint.same_story(&c.fingerprint));
    let groups = group(vec![a, b, c]);
    assert_eq!(groups.len(), 1);
    let ids: Vec<&str> = groups[0].members.iter().map(|m| m.id.as_str()).collect();
    // The earliest copy is canonical, whatever its id.
    assert_eq!(ids, ["b", "a"]);
}

#[test]
fn short_bodies_match_only_exactly() {
    assert_eq!(signature_of("Gempa di Ambon."), None);
    let groups = group(vec![
        member("x", 1, "Gempa di Ambon."),
        member("y", 2, "Gempa  di ambon"),
    ]);
    assert_eq!(groups.len(), 1);
}
