//! The region menu of the filter forms (the directory, the staff member list, the
//! staff statistics): each UN M49 region with its sub-regions and intermediate
//! regions, as slugs and the catalogue keys of their names.

use membernet_domain::statistics::Area;

pub struct RegionOption {
    pub slug: String,
    pub key: String,
    pub sub_regions: Vec<(String, String)>,
}

/// Each UN M49 region with its sub-regions and intermediate regions (Eastern Africa
/// under Sub-Saharan Africa), in that order.
pub fn region_options() -> Vec<RegionOption> {
    let mut options: Vec<RegionOption> = Vec::new();
    for area in Area::regions() {
        match (area, options.last_mut()) {
            (Area::Region(slug), _) => options.push(RegionOption {
                key: format!("region.{slug}"),
                slug,
                sub_regions: Vec::new(),
            }),
            (Area::SubRegion(slug), Some(region)) => {
                region
                    .sub_regions
                    .push((slug.clone(), format!("region.{slug}")));
            }
            _ => {}
        }
    }
    options
}
