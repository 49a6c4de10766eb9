//! Photos made ready to serve: decoded within limits (a decompression bomb is
//! refused, not an out-of-memory), turned the right way up (EXIF orientation),
//! then re-encoded from their pixels as JPEG in a few widths, so no metadata (the
//! camera's, the place it was taken) survives and phones get small images.

use std::io::Cursor;

use image::{
    DynamicImage, ImageDecoder, ImageReader, Limits, codecs::jpeg::JpegEncoder,
    imageops::FilterType, metadata::Orientation,
};

/// The widths stored (those a photo is at least as wide as; a narrower photo is
/// kept at its own width).
pub const PHOTO_WIDTHS: [u32; 3] = [320, 640, 1280];
const MAX_SIDE: u32 = 12_000;
const MAX_PIXELS: u64 = 40_000_000;
/// What decoding may take: 40 megapixels of RGBA, with room to spare.
const MAX_DECODED_BYTES: u64 = MAX_PIXELS * 4 + (64 << 20);
const QUALITY: u8 = 82;

/// A photo ready to store: its size the right way up, and one JPEG a width,
/// smallest first.
pub struct Photo {
    pub width: u32,
    pub height: u32,
    pub variants: Vec<(u32, Vec<u8>)>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PhotoError {
    #[error("not an image we can read")]
    Unreadable,
    #[error("too large")]
    TooLarge,
}

/// A photo (JPEG, PNG or WebP) made ready to serve. Pure CPU: call it from
/// `tokio::task::spawn_blocking`.
pub fn prepare_photo(bytes: &[u8]) -> Result<Photo, PhotoError> {
    let (image, orientation) = decode(bytes)?;
    photo_of(image, orientation)
}

/// An image sent as a document (an infographic, a poster): the same decoding
/// with limits, turned upright, re-encoded whole as JPEG, so its metadata (the
/// place it was taken) is gone. Pure CPU, like [`prepare_photo`].
pub fn clean_image(bytes: &[u8]) -> Result<Vec<u8>, PhotoError> {
    let (mut image, orientation) = decode(bytes)?;
    image.apply_orientation(orientation);
    encode(&image)
}

/// The longest side a graphic to share is kept at.
pub const MAX_GRAPHIC_SIDE: u32 = 2_048;

/// A graphic to share (a social-media card): like [`clean_image`], with its size
/// the right way up, which tells the networks it suits.
pub struct Cleaned {
    pub width: u32,
    pub height: u32,
    pub jpeg: Vec<u8>,
}

pub fn clean_graphic(bytes: &[u8]) -> Result<Cleaned, PhotoError> {
    let (mut image, orientation) = decode(bytes)?;
    image.apply_orientation(orientation);
    // Networks show 2,048 px at most: larger only weighs more.
    let longest = image.width().max(image.height());
    if longest > MAX_GRAPHIC_SIDE {
        let scale = |side: u32| {
            ((u64::from(side) * u64::from(MAX_GRAPHIC_SIDE) + u64::from(longest) / 2)
                / u64::from(longest))
            .max(1) as u32
        };
        image = shrink(&image, scale(image.width()), scale(image.height()));
    }
    Ok(Cleaned {
        width: image.width(),
        height: image.height(),
        jpeg: encode(&image)?,
    })
}

/// Decoded within the limits, with the orientation its EXIF asks for.
fn decode(bytes: &[u8]) -> Result<(DynamicImage, Orientation), PhotoError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| PhotoError::Unreadable)?;
    if reader.format().is_none() {
        return Err(PhotoError::Unreadable);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(classify)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS
        || decoder.total_bytes() > MAX_DECODED_BYTES
    {
        return Err(PhotoError::TooLarge);
    }
    // A photo with unreadable EXIF is shown as it is stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(classify)?;
    if image.width() == 0 || image.height() == 0 {
        return Err(PhotoError::Unreadable);
    }
    Ok((image, orientation))
}

fn photo_of(image: DynamicImage, orientation: Orientation) -> Result<Photo, PhotoError> {
    // Sizes the right way up; the pixels are turned once small.
    let turned = matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    let (width, height) = if turned {
        (image.height(), image.width())
    } else {
        (image.width(), image.height())
    };
    let mut widths: Vec<u32> = PHOTO_WIDTHS
        .iter()
        .copied()
        .filter(|target| *target <= width)
        .collect();
    if widths.is_empty() {
        widths.push(width);
    }
    // Largest first, each made from the one before (cheaper, and as sharp).
    let mut source = image;
    let mut variants = Vec::new();
    for &target in widths.iter().rev() {
        let target_height = ((u64::from(height) * u64::from(target) + u64::from(width) / 2)
            / u64::from(width))
        .clamp(1, u64::from(MAX_SIDE)) as u32;
        let (w, h) = if turned {
            (target_height, target)
        } else {
            (target, target_height)
        };
        if (w, h) != (source.width(), source.height()) {
            source = shrink(&source, w, h);
        }
        let mut upright = source.clone();
        upright.apply_orientation(orientation);
        variants.push((target, encode(&upright)?));
    }
    variants.reverse();
    Ok(Photo {
        width,
        height,
        variants,
    })
}

fn classify(error: image::ImageError) -> PhotoError {
    match error {
        image::ImageError::Limits(_) => PhotoError::TooLarge,
        _ => PhotoError::Unreadable,
    }
}

/// Smaller: averaging areas when it is at least halved (quick, and no aliasing),
/// else filtered.
fn shrink(image: &DynamicImage, width: u32, height: u32) -> DynamicImage {
    if image.width() >= 2 * width && image.height() >= 2 * height {
        image.thumbnail_exact(width, height)
    } else {
        image.resize_exact(width, height, FilterType::Triangle)
    }
}

/// JPEG from the pixels alone (no metadata of the original), transparency
/// flattened on white.
fn encode(image: &DynamicImage) -> Result<Vec<u8>, PhotoError> {
    let rgb = if image.color().has_alpha() {
        let rgba = image.to_rgba8();
        image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
            let [r, g, b, a] = rgba.get_pixel(x, y).0;
            let on_white = |value: u8| {
                ((u16::from(value) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8
            };
            image::Rgb([on_white(r), on_white(g), on_white(b)])
        })
    } else {
        image.to_rgb8()
    };
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(&rgb)
        .map_err(|_| PhotoError::Unreadable)?;
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A JPEG of `width`×`height` carrying an EXIF block with an orientation and a
    /// GPS position.
    pub fn jpeg_with_exif(width: u32, height: u32, orientation: u16) -> Vec<u8> {
        let image =
            image::RgbImage::from_fn(width, height, |x, _| image::Rgb([(x * 7) as u8, 90, 160]));
        let mut plain = Vec::new();
        JpegEncoder::new_with_quality(&mut plain, 90)
            .encode_image(&image)
            .unwrap();
        // TIFF, little-endian: IFD0 with Orientation (0x0112) and a GPS IFD pointer
        // (0x8825) to an IFD holding GPSLatitudeRef "N".
        let mut tiff: Vec<u8> = b"II*\0".to_vec();
        tiff.extend_from_slice(&8u32.to_le_bytes());
        tiff.extend_from_slice(&2u16.to_le_bytes());
        tiff.extend_from_slice(&0x0112u16.to_le_bytes());
        tiff.extend_from_slice(&3u16.to_le_bytes());
        tiff.extend_from_slice(&1u32.to_le_bytes());
        tiff.extend_from_slice(&(u32::from(orientation)).to_le_bytes());
        tiff.extend_from_slice(&0x8825u16.to_le_bytes());
        tiff.extend_from_slice(&4u16.to_le_bytes());
        tiff.extend_from_slice(&1u32.to_le_bytes());
        tiff.extend_from_slice(&38u32.to_le_bytes());
        tiff.extend_from_slice(&0u32.to_le_bytes());
        // GPS IFD at 38: one entry, GPSLatitudeRef = "N".
        tiff.extend_from_slice(&1u16.to_le_bytes());
        tiff.extend_from_slice(&1u16.to_le_bytes());
        tiff.extend_from_slice(&2u16.to_le_bytes());
        tiff.extend_from_slice(&2u32.to_le_bytes());
        tiff.extend_from_slice(b"N\0\0\0");
        tiff.extend_from_slice(&0u32.to_le_bytes());
        tiff.extend_from_slice(b"GPS-SECRET-PLACE");
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
        out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&app1);
        out.extend_from_slice(&plain[2..]);
        out
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    /// A PNG chunk, with its CRC.
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut crc = 0xFFFF_FFFFu32;
        for byte in kind.iter().chain(data) {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&(!crc).to_be_bytes());
        out
    }

    fn widths(photo: &Photo) -> Vec<u32> {
        photo.variants.iter().map(|(width, _)| *width).collect()
    }

    fn decoded(jpeg: &[u8]) -> image::DynamicImage {
        assert_eq!(image::guess_format(jpeg).unwrap(), image::ImageFormat::Jpeg);
        image::load_from_memory(jpeg).unwrap()
    }

    #[test]
    fn a_photo_loses_its_metadata_and_stands_the_right_way_up() {
        let original = jpeg_with_exif(40, 20, 6);
        assert!(contains(&original, b"Exif") && contains(&original, b"GPS-SECRET-PLACE"));
        let photo = prepare_photo(&original).unwrap();
        // Orientation 6: turned a quarter, so the wide photo stands tall.
        assert_eq!((photo.width, photo.height), (20, 40));
        assert_eq!(widths(&photo), [20]);
        let jpeg = &photo.variants[0].1;
        assert!(!contains(jpeg, b"Exif") && !contains(jpeg, b"GPS-SECRET-PLACE"));
        let image = decoded(jpeg);
        assert_eq!((image.width(), image.height()), (20, 40));
        // The same photo unturned (orientation 1) keeps its shape.
        let photo = prepare_photo(&jpeg_with_exif(40, 20, 1)).unwrap();
        assert_eq!((photo.width, photo.height), (40, 20));
    }

    #[test]
    fn a_photo_is_stored_in_the_widths_it_has() {
        let photo = prepare_photo(&jpeg_with_exif(1400, 700, 6)).unwrap();
        assert_eq!((photo.width, photo.height), (700, 1400));
        assert_eq!(widths(&photo), [320, 640]);
        for (width, jpeg) in &photo.variants {
            assert!(!contains(jpeg, b"Exif") && !contains(jpeg, b"GPS-SECRET-PLACE"));
            let image = decoded(jpeg);
            assert_eq!((image.width(), image.height()), (*width, width * 2));
        }
        let photo = prepare_photo(&jpeg_with_exif(3000, 1000, 1)).unwrap();
        assert_eq!(widths(&photo), PHOTO_WIDTHS);
        let image = decoded(&photo.variants[2].1);
        assert_eq!((image.width(), image.height()), (1280, 427));
        let photo = prepare_photo(&jpeg_with_exif(640, 10, 1)).unwrap();
        assert_eq!(widths(&photo), [320, 640]);
        // WebP and PNG in, JPEG out.
        for format in [image::ImageFormat::WebP, image::ImageFormat::Png] {
            let mut encoded = Vec::new();
            image::DynamicImage::ImageRgb8(image::RgbImage::new(700, 500))
                .write_to(&mut Cursor::new(&mut encoded), format)
                .unwrap();
            let photo = prepare_photo(&encoded).unwrap();
            assert_eq!(widths(&photo), [320, 640], "{format:?}");
            assert_eq!(decoded(&photo.variants[1].1).height(), 457);
        }
    }

    #[test]
    fn transparency_is_flattened_on_white() {
        let image = image::RgbaImage::from_fn(400, 100, |x, _| {
            if x < 200 {
                image::Rgba([0, 0, 0, 0])
            } else {
                image::Rgba([0, 0, 255, 255])
            }
        });
        let mut png = Vec::new();
        image::DynamicImage::ImageRgba8(image)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let photo = prepare_photo(&png).unwrap();
        assert_eq!(widths(&photo), [320]);
        let pixels = decoded(&photo.variants[0].1).to_rgb8();
        let [r, g, b] = pixels.get_pixel(10, 10).0;
        assert!(r > 240 && g > 240 && b > 240, "{r} {g} {b}");
        let [r, _, b] = pixels.get_pixel(300, 10).0;
        assert!(r < 30 && b > 220, "{r} {b}");
    }

    #[test]
    fn a_bomb_is_too_large_and_garbage_unreadable() {
        // A PNG whose header claims 20,000 × 20,000 pixels (a few bytes that would
        // decode to 1.2 GB).
        let mut ihdr = 20_000u32.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&20_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend_from_slice(&chunk(b"IHDR", &ihdr));
        // An empty zlib stream.
        let idat = [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];
        png.extend_from_slice(&chunk(b"IDAT", &idat));
        png.extend_from_slice(&chunk(b"IEND", &[]));
        assert_eq!(prepare_photo(&png).err(), Some(PhotoError::TooLarge));
        // 10,000 × 5,000 sides are within the limit, 50 megapixels are not.
        let mut ihdr = 10_000u32.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&5_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend_from_slice(&chunk(b"IHDR", &ihdr));
        png.extend_from_slice(&chunk(b"IDAT", &idat));
        png.extend_from_slice(&chunk(b"IEND", &[]));
        assert_eq!(prepare_photo(&png).err(), Some(PhotoError::TooLarge));
        for garbage in [
            &b"not an image"[..],
            b"",
            b"%PDF-1.7",
            b"\x89PNG\r\n\x1a\n\0\0",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ] {
            assert_eq!(prepare_photo(garbage).err(), Some(PhotoError::Unreadable));
        }
        // A JPEG cut short does no harm (the decoder fills in what is missing, as
        // browsers do).
        let jpeg = jpeg_with_exif(100, 80, 1);
        for cut in [3, 50, jpeg.len() / 3] {
            let _ = prepare_photo(&jpeg[..cut]);
        }
    }
}
