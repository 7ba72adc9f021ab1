//! A stored article as the page of hits needs it: its text values by field, read
//! straight from tantivy's document store. A full `TantivyDocument` copies every value
//! into an arena and the printing then copies each field again (and joins it); here
//! each text value is allocated once and moved into the hit. Numbers and dates, which
//! the hit prints from their stored text form, are skipped. It does not decide which
//! fields a hit shows (`search` does).

use tantivy::schema::document::{
    ArrayAccess, DeserializeError, DocumentDeserialize, DocumentDeserializer, ObjectAccess,
    ValueDeserialize, ValueDeserializer, ValueVisitor,
};
use tantivy::schema::Field;

/// The text values of one stored document, in stored order.
#[derive(Debug, Default)]
pub struct StoredText {
    values: Vec<(Field, String)>,
}

impl StoredText {
    /// All values of `field` joined with "; " (as they are printed), or `None`;
    /// the values are moved out.
    pub fn take(&mut self, field: Field) -> Option<String> {
        let mut found: Option<String> = None;
        for (f, value) in self.values.iter_mut() {
            if *f != field {
                continue;
            }
            let value = std::mem::take(value);
            match found.as_mut() {
                None => found = Some(value),
                Some(joined) => {
                    joined.push_str("; ");
                    joined.push_str(&value);
                }
            }
        }
        found
    }

    /// The first value of `field`, borrowed.
    pub fn first(&self, field: Field) -> Option<&str> {
        self.values
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
    }
}

impl DocumentDeserialize for StoredText {
    fn deserialize<'de, D>(mut deserializer: D) -> Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let last = WANTED.with(|wanted| wanted.get());
        let mut values = Vec::with_capacity(deserializer.size_hint());
        while let Some((field, value)) = deserializer.next_field::<TextValue>()? {
            if let Some(text) = value.0 {
                values.push((field, text));
            }
            // The rest of the document is left unread.
            if Some(field) == last {
                break;
            }
        }
        Ok(StoredText { values })
    }
}

/// The text values of the stored document at `address`, up to and including the first
/// value of `last` (all of them when `None`). An index that stores each article's body
/// after its path (`schema::body_stored_last`) shows a hit without a snippet from the
/// values up to the path, without copying the body.
pub fn stored_text(
    searcher: &tantivy::Searcher,
    address: tantivy::DocAddress,
    last: Option<Field>,
) -> tantivy::Result<StoredText> {
    WANTED.with(|wanted| wanted.set(last));
    let read = searcher.doc::<StoredText>(address);
    WANTED.with(|wanted| wanted.set(None));
    read
}

/// The first text value of `field` in the stored document at `address`, read without
/// the values stored after it. Ordering tied hits by id reads every copy of a story
/// (ten of each at x10) and shows one: read this way, the others cost their block of
/// the store but not their bodies. (A field stored after the body saves nothing.)
pub fn first_text(
    searcher: &tantivy::Searcher,
    address: tantivy::DocAddress,
    field: Field,
) -> tantivy::Result<Option<String>> {
    WANTED.with(|wanted| wanted.set(Some(field)));
    let read = searcher.doc::<FirstText>(address);
    WANTED.with(|wanted| wanted.set(None));
    Ok(read?.0)
}

thread_local! {
    /// The field [`FirstText`] and [`StoredText`] stop at: tantivy builds a stored
    /// document's reader from its type alone, so the field is handed over here, by the
    /// thread that reads.
    static WANTED: std::cell::Cell<Option<Field>> = const { std::cell::Cell::new(None) };
}

/// See [`first_text`].
struct FirstText(Option<String>);

impl DocumentDeserialize for FirstText {
    fn deserialize<'de, D>(mut deserializer: D) -> Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let Some(wanted) = WANTED.with(|wanted| wanted.get()) else {
            return Ok(FirstText(None));
        };
        // The rest of the document is left unread: nothing reads past it.
        while let Some((field, value)) = deserializer.next_field::<TextValue>()? {
            if field == wanted {
                if let Some(text) = value.0 {
                    return Ok(FirstText(Some(text)));
                }
            }
        }
        Ok(FirstText(None))
    }
}

/// A stored value: its text when it is a string, else nothing (read past).
struct TextValue(Option<String>);

impl ValueDeserialize for TextValue {
    fn deserialize<'de, D>(deserializer: D) -> Result<Self, DeserializeError>
    where
        D: ValueDeserializer<'de>,
    {
        deserializer.deserialize_any(TextVisitor).map(TextValue)
    }
}

struct TextVisitor;

impl ValueVisitor for TextVisitor {
    type Value = Option<String>;

    fn visit_null(&self) -> Result<Self::Value, DeserializeError> {
        Ok(None)
    }

    fn visit_string(&self, val: String) -> Result<Self::Value, DeserializeError> {
        Ok(Some(val))
    }

    fn visit_u64(&self, _: u64) -> Result<Self::Value, DeserializeError> {
        Ok(None)
    }

    fn visit_i64(&self, _: i64) -> Result<Self::Value, DeserializeError> {
        Ok(None)
    }

    fn visit_f64(&self, _: f64) -> Result<Self::Value, DeserializeError> {
        Ok(None)
    }

    fn visit_bool(&self, _: bool) -> Result<Self::Value, DeserializeError> {
        Ok(None)
    }

    fn visit_datetime(&self, _: tantivy::DateTime) -> Result<Self::Value, DeserializeError> {
        Ok(None)
    }

    fn visit_ip_address(&self, _: std::net::Ipv6Addr) -> Result<Self::Value, DeserializeError> {
        Ok(None)
    }

    fn visit_facet(&self, _: tantivy::schema::Facet) -> Result<Self::Value, DeserializeError> {
        Ok(None)
    }

    fn visit_bytes(&self, _: Vec<u8>) -> Result<Self::Value, DeserializeError> {
        Ok(None)
    }

    fn visit_pre_tokenized_string(
        &self,
        val: tantivy::tokenizer::PreTokenizedString,
    ) -> Result<Self::Value, DeserializeError> {
        Ok(Some(val.text))
    }

    // Arrays and objects (JSON fields) are read to their end, so that the next field
    // starts where it should; warta shows none of their values.
    fn visit_array<'de, A>(&self, mut access: A) -> Result<Self::Value, DeserializeError>
    where
        A: ArrayAccess<'de>,
    {
        while access.next_element::<TextValue>()?.is_some() {}
        Ok(None)
    }

    fn visit_object<'de, A>(&self, mut access: A) -> Result<Self::Value, DeserializeError>
    where
        A: ObjectAccess<'de>,
    {
        while access.next_entry::<TextValue>()?.is_some() {}
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, STORED, STRING, TEXT};
    use tantivy::{doc, DateTime, Index};

    /// Text values come back by field, several values of one field joined; numbers,
    /// dates and JSON values are read past without disturbing the fields after them.
    #[test]
    fn reads_text_values_and_skips_the_rest() {
        let mut builder = Schema::builder();
        let id = builder.add_text_field("id", STRING | STORED);
        let line = builder.add_u64_field("line", STORED);
        let json = builder.add_json_field("extra", STORED);
        let date = builder.add_date_field("date", STORED);
        let title = builder.add_text_field("title", TEXT | STORED);
        let body = builder.add_text_field("body", TEXT | STORED);
        let index = Index::create_in_ram(builder.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        let extra = tantivy::schema::OwnedValue::from(
            serde_json::from_str::<serde_json::Value>(
                r#"{"a": [1, "dua", {"b": true}], "c": null}"#,
            )
            .unwrap(),
        );
        writer
            .add_document(doc!(
                id => "kompas-1",
                line => 12u64,
                json => extra,
                date => DateTime::from_timestamp_secs(1_568_000_000),
                title => "Gempa di Ambon",
                body => "paragraf satu",
                body => "paragraf dua",
            ))
            .unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let mut stored: StoredText = searcher.doc(tantivy::DocAddress::new(0, 0)).unwrap();
        assert_eq!(stored.first(id), Some("kompas-1"));
        assert_eq!(stored.take(title).as_deref(), Some("Gempa di Ambon"));
        assert_eq!(
            stored.take(body).as_deref(),
            Some("paragraf satu; paragraf dua")
        );
        assert_eq!(stored.take(line), None);
        assert_eq!(stored.take(date), None);
        assert_eq!(stored.take(id).as_deref(), Some("kompas-1"));
        // One field's first text value alone, wherever it is stored.
        let address = tantivy::DocAddress::new(0, 0);
        assert_eq!(
            first_text(&searcher, address, id).unwrap().as_deref(),
            Some("kompas-1")
        );
        assert_eq!(
            first_text(&searcher, address, title).unwrap().as_deref(),
            Some("Gempa di Ambon")
        );
        assert_eq!(
            first_text(&searcher, address, body).unwrap().as_deref(),
            Some("paragraf satu")
        );
        assert_eq!(first_text(&searcher, address, line).unwrap(), None);
        // The whole document still reads after a partial read of its block.
        let again: StoredText = searcher.doc(address).unwrap();
        assert_eq!(again.first(body), Some("paragraf satu"));
    }
}
