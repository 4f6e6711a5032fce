/** The settings key under which a coordinator's taxonomy mapping edits are kept on the tablet. */
export const TAXONOMY_MAPPING_SETTING = 'kaartTaxonomyMapping';
