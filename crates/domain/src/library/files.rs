//! The kinds of file the library takes, known from their content (never from
//! their name: a program renamed `report.pdf` is still a program), and the names
//! they are downloaded under.

/// A kind of file the library accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Odp,
    Doc,
    Xls,
    Ppt,
    Jpeg,
    Png,
    Webp,
}

const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP: &[u8] = b"PK\x03\x04";

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        bytes.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        bytes.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// One entry of a ZIP archive, from its local file header.
struct ZipEntry<'a> {
    name: &'a [u8],
    /// 0: stored (not compressed).
    method: u16,
    /// Its data as far as `bytes` holds it (empty when its size is not in the header).
    data: &'a [u8],
}

/// The entries of a ZIP archive, from the local file headers in `bytes` (the start
/// of the archive, or all of it).
fn zip_entries(bytes: &[u8]) -> Vec<ZipEntry<'_>> {
    let mut entries = Vec::new();
    let mut at = 0;
    while bytes[at..].starts_with(ZIP) && entries.len() < 10_000 {
        let (Some(flags), Some(method), Some(size), Some(name_len), Some(extra_len)) = (
            u16_at(bytes, at + 6),
            u16_at(bytes, at + 8),
            u32_at(bytes, at + 18),
            u16_at(bytes, at + 26),
            u16_at(bytes, at + 28),
        ) else {
            break;
        };
        let name_start = at + 30;
        let data_start = name_start + usize::from(name_len) + usize::from(extra_len);
        let Some(name) = bytes.get(name_start..name_start + usize::from(name_len)) else {
            break;
        };
        // Sizes after the data (streamed) or in a ZIP64 field: the next header is
        // found by its signature.
        let known = flags & 0x08 == 0 && size != u32::MAX;
        let data = if known {
            let end = data_start.saturating_add(size as usize);
            bytes
                .get(data_start.min(bytes.len())..end.min(bytes.len()))
                .unwrap_or_default()
        } else {
            &[]
        };
        entries.push(ZipEntry { name, method, data });
        let next = if known {
            data_start.saturating_add(size as usize)
        } else {
            match bytes
                .get(data_start..)
                .and_then(|rest| rest.windows(ZIP.len()).position(|window| window == ZIP))
            {
                Some(offset) => data_start + offset,
                None => break,
            }
        };
        if next >= bytes.len() {
            break;
        }
        at = next;
    }
    entries
}

fn zip_kind(bytes: &[u8]) -> Option<FileKind> {
    let entries = zip_entries(bytes);
    let first = entries.first()?;
    // OpenDocument: a first entry `mimetype`, stored, holding the type.
    if first.name == b"mimetype" {
        if first.method != 0 {
            return None;
        }
        return match first.data {
            b"application/vnd.oasis.opendocument.text" => Some(FileKind::Odt),
            b"application/vnd.oasis.opendocument.spreadsheet" => Some(FileKind::Ods),
            b"application/vnd.oasis.opendocument.presentation" => Some(FileKind::Odp),
            _ => None,
        };
    }
    // Office Open XML: the main part's folder.
    entries.iter().find_map(|entry| {
        if entry.name.starts_with(b"word/") {
            Some(FileKind::Docx)
        } else if entry.name.starts_with(b"xl/") {
            Some(FileKind::Xlsx)
        } else if entry.name.starts_with(b"ppt/") {
            Some(FileKind::Pptx)
        } else {
            None
        }
    })
}

/// The stream that makes an OLE compound file a document of each kind.
const OLE_STREAMS: [(&str, FileKind); 4] = [
    ("WordDocument", FileKind::Doc),
    ("Workbook", FileKind::Xls),
    ("Book", FileKind::Xls),
    ("PowerPoint Document", FileKind::Ppt),
];

fn ole_kind(bytes: &[u8]) -> Option<FileKind> {
    match ole_root_streams(bytes) {
        // The streams at the top of the file (embedded objects' are further down).
        Some(names) => OLE_STREAMS
            .iter()
            .find(|(name, _)| names.iter().any(|found| found == name))
            .map(|(_, kind)| *kind),
        // The directory could not be followed (the start of a file only): the
        // names anywhere in the bytes, when they point to one kind.
        None => {
            let mut kinds = OLE_STREAMS.iter().filter_map(|(name, kind)| {
                let mut needle = utf16(name);
                needle.extend_from_slice(&[0, 0]);
                contains(bytes, &needle).then_some(*kind)
            });
            let kind = kinds.next()?;
            kinds.all(|other| other == kind).then_some(kind)
        }
    }
}

/// The names of the streams in an OLE compound file's root storage, by its
/// directory; `None` if `bytes` do not hold a directory that can be followed.
fn ole_root_streams(bytes: &[u8]) -> Option<Vec<String>> {
    const END: u32 = 0xFFFF_FFFA; // and above: no sector
    const MAX_SECTORS: usize = 1 << 16;
    let shift = u16_at(bytes, 0x1E)?;
    if shift != 9 && shift != 12 {
        return None;
    }
    let size = 1usize << shift;
    let sector = |n: u32| -> Option<&[u8]> {
        let start = (n as usize).checked_add(1)?.checked_mul(size)?;
        bytes.get(start..start.checked_add(size)?)
    };
    // The sectors holding the allocation table: 109 in the header, then a chain.
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
        .filter(|n| *n < END)
        .collect();
    let mut difat = u32_at(bytes, 0x44)?;
    let mut hops = 0;
    while difat < END {
        hops += 1;
        if hops > MAX_SECTORS {
            return None;
        }
        let data = sector(difat)?;
        let last = size / 4 - 1;
        fat_sectors.extend(
            (0..last)
                .filter_map(|i| u32_at(data, 4 * i))
                .filter(|n| *n < END),
        );
        difat = u32_at(data, 4 * last)?;
    }
    let next = |n: u32| -> Option<u32> {
        let per = (size / 4) as u32;
        let fat = sector(*fat_sectors.get((n / per) as usize)?)?;
        u32_at(fat, 4 * (n % per) as usize)
    };
    // The directory's sectors, in order.
    let mut directory = Vec::new();
    let mut at = u32_at(bytes, 0x30)?;
    while at < END {
        if directory.len() >= MAX_SECTORS {
            return None;
        }
        directory.push(sector(at)?);
        at = next(at)?;
    }
    let per_sector = size / 128;
    let entry = |id: u32| -> Option<&[u8]> {
        let id = id as usize;
        let data = directory.get(id / per_sector)?;
        data.get((id % per_sector) * 128..(id % per_sector + 1) * 128)
    };
    // The root's children are a tree of siblings: every one of them, no deeper.
    let root = entry(0)?;
    let mut pending = vec![u32_at(root, 0x4C)?];
    let mut names = Vec::new();
    let mut visited = 0;
    while let Some(id) = pending.pop() {
        if id >= END {
            continue;
        }
        visited += 1;
        if visited > directory.len() * per_sector {
            return None;
        }
        let node = entry(id)?;
        let len = usize::from(u16_at(node, 0x40)?).min(64);
        let units: Vec<u16> = node[..len.saturating_sub(2)]
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        if node[0x42] == 2 {
            names.push(String::from_utf16_lossy(&units));
        }
        pending.push(u32_at(node, 0x44)?);
        pending.push(u32_at(node, 0x48)?);
    }
    Some(names)
}

impl FileKind {
    pub const ALL: [FileKind; 13] = [
        FileKind::Pdf,
        FileKind::Docx,
        FileKind::Xlsx,
        FileKind::Pptx,
        FileKind::Odt,
        FileKind::Ods,
        FileKind::Odp,
        FileKind::Doc,
        FileKind::Xls,
        FileKind::Ppt,
        FileKind::Jpeg,
        FileKind::Png,
        FileKind::Webp,
    ];

    /// The kind of a file from its content, or `None` for anything the library
    /// does not take. Pass the whole file: its first 8 KiB are enough but for the
    /// older Office formats (`.doc`, `.xls`, `.ppt`), whose directory can be
    /// anywhere in the file.
    pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
        if bytes.starts_with(b"%PDF-") {
            return Some(FileKind::Pdf);
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(FileKind::Jpeg);
        }
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(FileKind::Png);
        }
        if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            return Some(FileKind::Webp);
        }
        if bytes.starts_with(OLE) {
            return ole_kind(bytes);
        }
        if bytes.starts_with(ZIP) {
            return zip_kind(bytes);
        }
        None
    }

    pub fn code(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
            FileKind::Pptx => "pptx",
            FileKind::Odt => "odt",
            FileKind::Ods => "ods",
            FileKind::Odp => "odp",
            FileKind::Doc => "doc",
            FileKind::Xls => "xls",
            FileKind::Ppt => "ppt",
            FileKind::Jpeg => "jpeg",
            FileKind::Png => "png",
            FileKind::Webp => "webp",
        }
    }

    pub fn parse(code: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// Its media type, sent with it (with `nosniff`, so browsers believe it).
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            FileKind::Odt => "application/vnd.oasis.opendocument.text",
            FileKind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            FileKind::Odp => "application/vnd.oasis.opendocument.presentation",
            FileKind::Doc => "application/msword",
            FileKind::Xls => "application/vnd.ms-excel",
            FileKind::Ppt => "application/vnd.ms-powerpoint",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Webp => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Jpeg => "jpg",
            other => other.code(),
        }
    }

    pub fn is_image(self) -> bool {
        matches!(self, FileKind::Jpeg | FileKind::Png | FileKind::Webp)
    }
}

/// Letters that do not decompose into an ASCII letter and accents.
fn transliterated(c: char) -> &'static str {
    match c {
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'ø' => "o",
        'Ø' => "O",
        'đ' | 'ð' => "d",
        'Đ' | 'Ð' => "D",
        'ł' => "l",
        'Ł' => "L",
        'þ' => "th",
        'Þ' => "Th",
        'ı' => "i",
        _ => "",
    }
}

/// A name to download a file under, safe in a header and on any disk: the stem
/// of `original` (its folders and extension gone) in ASCII letters, digits, `-`,
/// `_` and `.` (spaces turned to `-`, accents dropped from their letters, other
/// characters dropped), at most 80 characters, never empty (`file`), then the
/// extension of its real kind (whatever extension the upload had).
pub fn download_name(original: &str, kind: FileKind) -> String {
    use unicode_normalization::UnicodeNormalization;
    let base = original.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.trim_matches(['.', ' ']).is_empty() => stem,
        _ => base,
    };
    let mut name = String::new();
    let mut push = |c: char| {
        // No runs of separators (so never `..`).
        if !(matches!(c, '-' | '.') && name.ends_with(['-', '.'])) {
            name.push(c);
        }
    };
    for c in stem.chars().take(1_000).nfkd() {
        match c {
            c if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') => push(c),
            c if c.is_whitespace() => push('-'),
            c => transliterated(c).chars().for_each(&mut push),
        }
    }
    name.truncate(80);
    let mut name = name.trim_matches(['-', '.', '_']).to_owned();
    if name.is_empty() {
        name.push_str("file");
    }
    // Names Windows keeps for devices, whatever the extension.
    let device = name
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let numbered = |prefix: &str| {
        device
            .strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit())
    };
    if matches!(device.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || numbered("COM")
        || numbered("LPT")
    {
        name.push_str("-file");
    }
    format!("{name}.{}", kind.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ZIP archive's start: a local header for each entry (`Some` content: stored,
    /// sizes in the header; `None`: streamed, sizes after the data).
    fn zip(entries: &[(&str, Option<&[u8]>)]) -> Vec<u8> {
        let mut bytes = Vec::new();
        for (name, content) in entries {
            let (flags, method, data): (u16, u16, &[u8]) = match content {
                Some(content) => (0, 0, content),
                None => (0x08, 8, b"\x03\x00compressed\x00"),
            };
            let size = if content.is_some() {
                data.len() as u32
            } else {
                0
            };
            bytes.extend_from_slice(ZIP);
            bytes.extend_from_slice(&20u16.to_le_bytes());
            bytes.extend_from_slice(&flags.to_le_bytes());
            bytes.extend_from_slice(&method.to_le_bytes());
            bytes.extend_from_slice(&[0; 8]); // time, date, CRC
            bytes.extend_from_slice(&size.to_le_bytes());
            bytes.extend_from_slice(&size.to_le_bytes());
            bytes.extend_from_slice(&(name.len() as u16).to_le_bytes());
            bytes.extend_from_slice(&0u16.to_le_bytes());
            bytes.extend_from_slice(name.as_bytes());
            bytes.extend_from_slice(data);
            if content.is_none() {
                bytes.extend_from_slice(b"PK\x07\x08");
                bytes.extend_from_slice(&[0; 12]);
            }
        }
        bytes
    }

    fn stored<'a>(name: &'a str, content: &'a [u8]) -> (&'a str, Option<&'a [u8]>) {
        (name, Some(content))
    }

    fn streamed(name: &str) -> (&str, Option<&[u8]>) {
        (name, None)
    }

    /// An OLE compound file of 512-byte sectors: the header, the allocation table
    /// (sector 0) and the directory (sector 1) with these entries: name, type
    /// (1 storage, 2 stream, 5 root), left and right siblings, child.
    fn ole(entries: &[(&str, u8, [u32; 3])]) -> Vec<u8> {
        const NONE: u32 = u32::MAX;
        let mut bytes = vec![0u8; 512 * 3];
        bytes[..8].copy_from_slice(OLE);
        bytes[0x18..0x1A].copy_from_slice(&0x3Eu16.to_le_bytes());
        bytes[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes());
        bytes[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes());
        bytes[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
        bytes[0x20..0x22].copy_from_slice(&6u16.to_le_bytes());
        bytes[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes());
        bytes[0x30..0x34].copy_from_slice(&1u32.to_le_bytes());
        bytes[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes());
        bytes[0x3C..0x40].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        bytes[0x44..0x48].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        for i in 0..109 {
            let value = if i == 0 { 0 } else { NONE };
            bytes[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&value.to_le_bytes());
        }
        // The allocation table: sector 0 is itself, sector 1 a one-sector chain.
        let fat = 512;
        bytes[fat..fat + 512].fill(0xFF);
        bytes[fat..fat + 4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
        bytes[fat + 4..fat + 8].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        for (index, (name, kind, [left, right, child])) in entries.iter().enumerate() {
            let at = 1024 + 128 * index;
            let name = utf16(name);
            bytes[at..at + name.len()].copy_from_slice(&name);
            bytes[at + 0x40..at + 0x42].copy_from_slice(&(name.len() as u16 + 2).to_le_bytes());
            bytes[at + 0x42] = *kind;
            bytes[at + 0x44..at + 0x48].copy_from_slice(&left.to_le_bytes());
            bytes[at + 0x48..at + 0x4C].copy_from_slice(&right.to_le_bytes());
            bytes[at + 0x4C..at + 0x50].copy_from_slice(&child.to_le_bytes());
        }
        bytes
    }

    const NO: u32 = u32::MAX;

    #[test]
    fn kinds_are_known_from_their_content() {
        assert_eq!(
            FileKind::sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
            Some(FileKind::Pdf)
        );
        assert_eq!(
            FileKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F']),
            Some(FileKind::Jpeg)
        );
        assert_eq!(
            FileKind::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR"),
            Some(FileKind::Png)
        );
        assert_eq!(
            FileKind::sniff(b"RIFF\x24\0\0\0WEBPVP8 "),
            Some(FileKind::Webp)
        );
        // Office Open XML, as Word writes it and as LibreOffice does (its content
        // types last, entries streamed).
        let docx = zip(&[
            stored("[Content_Types].xml", b"<Types/>"),
            stored("_rels/.rels", b"<Relationships/>"),
            stored("word/document.xml", b"<w:document/>"),
        ]);
        assert_eq!(FileKind::sniff(&docx), Some(FileKind::Docx));
        let docx = zip(&[
            streamed("_rels/.rels"),
            streamed("docProps/app.xml"),
            streamed("word/styles.xml"),
        ]);
        assert_eq!(FileKind::sniff(&docx), Some(FileKind::Docx));
        let xlsx = zip(&[
            stored("[Content_Types].xml", b"<Types/>"),
            streamed("xl/workbook.xml"),
        ]);
        assert_eq!(FileKind::sniff(&xlsx), Some(FileKind::Xlsx));
        let pptx = zip(&[
            stored("[Content_Types].xml", b"<Types/>"),
            stored("ppt/presentation.xml", b"<p/>"),
        ]);
        assert_eq!(FileKind::sniff(&pptx), Some(FileKind::Pptx));
        // OpenDocument: the first entry, stored.
        for (mimetype, kind) in [
            ("text", FileKind::Odt),
            ("spreadsheet", FileKind::Ods),
            ("presentation", FileKind::Odp),
        ] {
            let content = format!("application/vnd.oasis.opendocument.{mimetype}");
            let odf = zip(&[
                stored("mimetype", content.as_bytes()),
                streamed("content.xml"),
            ]);
            assert_eq!(FileKind::sniff(&odf), Some(kind));
        }
        // The older Office formats: the streams in the root storage.
        let doc = ole(&[
            ("Root Entry", 5, [NO, NO, 1]),
            ("WordDocument", 2, [NO, 2, NO]),
            ("1Table", 2, [NO, NO, NO]),
        ]);
        assert_eq!(FileKind::sniff(&doc), Some(FileKind::Doc));
        let ppt = ole(&[
            ("Root Entry", 5, [NO, NO, 2]),
            ("Current User", 2, [NO, NO, NO]),
            ("PowerPoint Document", 2, [1, NO, NO]),
        ]);
        assert_eq!(FileKind::sniff(&ppt), Some(FileKind::Ppt));
        // A workbook with a Word document embedded in it is a workbook.
        let xls = ole(&[
            ("Root Entry", 5, [NO, NO, 1]),
            ("Workbook", 2, [NO, 2, NO]),
            ("MBD0001", 1, [NO, NO, 3]),
            ("WordDocument", 2, [NO, NO, NO]),
        ]);
        assert_eq!(FileKind::sniff(&xls), Some(FileKind::Xls));
        // Only the start of a file: the names it holds, when they agree.
        let mut start = OLE.to_vec();
        start.extend_from_slice(&[0; 100]);
        start.extend_from_slice(&utf16("Book\0"));
        assert_eq!(FileKind::sniff(&start), Some(FileKind::Xls));
        assert_eq!(FileKind::sniff(&xls[..1100]), None);
    }

    #[test]
    fn anything_else_is_refused_whatever_its_name() {
        assert_eq!(
            FileKind::sniff(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff This program"),
            None
        );
        assert_eq!(FileKind::sniff(b"\x7fELF\x02\x01\x01"), None);
        assert_eq!(
            FileKind::sniff(b"<!DOCTYPE html><html><script>alert(1)</script>"),
            None
        );
        assert_eq!(
            FileKind::sniff(b"<?xml version=\"1.0\"?><svg onload=\"alert(1)\"/>"),
            None
        );
        assert_eq!(FileKind::sniff(b"%!PS-Adobe-3.0\n"), None);
        assert_eq!(FileKind::sniff(b"just some text"), None);
        assert_eq!(FileKind::sniff(b""), None);
        // ZIP archives that are not documents: a program, a Java archive, an ODF
        // type the library does not take, a compressed `mimetype`.
        assert_eq!(FileKind::sniff(&zip(&[stored("evil.exe", b"MZ")])), None);
        assert_eq!(
            FileKind::sniff(&zip(&[
                stored("META-INF/MANIFEST.MF", b"x"),
                streamed("a.class")
            ])),
            None
        );
        let odg = zip(&[stored(
            "mimetype",
            b"application/vnd.oasis.opendocument.graphics",
        )]);
        assert_eq!(FileKind::sniff(&odg), None);
        let mut packed = zip(&[stored(
            "mimetype",
            b"application/vnd.oasis.opendocument.text",
        )]);
        packed[8] = 8;
        assert_eq!(FileKind::sniff(&packed), None);
        // An OLE file with none of the streams (an installer, a message).
        assert_eq!(FileKind::sniff(OLE), None);
        let msi = ole(&[
            ("Root Entry", 5, [NO, NO, 1]),
            ("SummaryInformation", 2, [NO, NO, NO]),
        ]);
        assert_eq!(FileKind::sniff(&msi), None);
        // A directory whose siblings loop is not followed forever.
        let looping = ole(&[("Root Entry", 5, [NO, NO, 1]), ("Stream", 2, [1, 1, NO])]);
        assert_eq!(FileKind::sniff(&looping), None);
    }

    #[test]
    fn codes_round_trip() {
        for kind in FileKind::ALL {
            assert_eq!(FileKind::parse(kind.code()), Some(kind));
            assert!(kind.content_type().contains('/'));
            assert_eq!(kind.is_image(), kind.content_type().starts_with("image/"));
        }
        assert_eq!(FileKind::parse("exe"), None);
        assert_eq!(FileKind::Jpeg.extension(), "jpg");
    }

    #[test]
    fn download_names_are_plain_and_tell_the_truth() {
        assert_eq!(
            download_name("../../etc/passwd", FileKind::Pdf),
            "passwd.pdf"
        );
        assert_eq!(
            download_name("C:\\Users\\ana\\Report.pdf", FileKind::Pdf),
            "Report.pdf"
        );
        assert_eq!(
            download_name("Rapport annuel été 2024.docx", FileKind::Docx),
            "Rapport-annuel-ete-2024.docx"
        );
        assert_eq!(
            download_name("Straße Łódź.xlsx", FileKind::Xlsx),
            "Strasse-Lodz.xlsx"
        );
        assert_eq!(download_name("setup.exe", FileKind::Pdf), "setup.pdf");
        assert_eq!(download_name("toolkit.pdf", FileKind::Pdf), "toolkit.pdf");
        assert_eq!(
            download_name("v1.2 final.PDF", FileKind::Pdf),
            "v1.2-final.pdf"
        );
        assert_eq!(download_name("photo.HEIC", FileKind::Jpeg), "photo.jpg");
        assert_eq!(download_name("", FileKind::Pdf), "file.pdf");
        assert_eq!(download_name("报告.pdf", FileKind::Pdf), "file.pdf");
        assert_eq!(download_name("...", FileKind::Pdf), "file.pdf");
        assert_eq!(download_name(".hidden", FileKind::Pdf), "hidden.pdf");
        assert_eq!(download_name("a..b", FileKind::Pdf), "a.pdf");
        assert_eq!(download_name("\"; x=\r\n.pdf", FileKind::Pdf), "x.pdf");
        assert_eq!(download_name("con.docx", FileKind::Docx), "con-file.docx");
        assert_eq!(download_name("LPT1", FileKind::Pdf), "LPT1-file.pdf");
        let long = download_name(&"a".repeat(500), FileKind::Png);
        assert_eq!(long.len(), 84);
        for name in ["../x", "a/b\\c", "\u{202e}fdp.exe", "x\0y", " - "] {
            let safe = download_name(name, FileKind::Pdf);
            assert!(
                safe.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
                "{safe}"
            );
            assert!(
                !safe.starts_with(['.', '-']) && !safe.contains(".."),
                "{safe}"
            );
        }
    }
}
