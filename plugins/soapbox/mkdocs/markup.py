"""Material's page skeleton made valid HTML: the plugin applies `fix_material_markup` (from the
core) to every page's final HTML."""

from ..core.markup import fix_material_markup as fix_material_markup
