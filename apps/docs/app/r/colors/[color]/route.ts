/**
 * `/r/colors/<name>.json`: the base-colour theme the shadcn CLI asks a registry for while it writes an
 * item's files. This registry's items are code without styles, so the theme is empty; serving it lets
 * the CLI run against this site alone (`REGISTRY_URL=<site>/r`, as the registry test does offline).
 */
export function GET() {
  return Response.json({
    inlineColors: { light: {}, dark: {} },
    cssVars: {},
    inlineColorsTemplate: '',
    cssVarsTemplate: '',
  })
}
