import { buildPurl } from "../cargo/common.js";

/**
 * `pkg:golang/<module path>@<version>`: the last path element is the purl name, the rest its namespace.
 * Case is kept as written: module paths are case-sensitive (the module proxy escapes capitals to keep
 * `github.com/Foo/x` and `github.com/foo/x` apart), so lowercasing would merge distinct modules.
 */
export function golangPurl(module: string, version?: string): string {
  const slash = module.lastIndexOf("/");
  const namespace = slash === -1 ? undefined : module.slice(0, slash);
  return buildPurl("golang", namespace, module.slice(slash + 1), version);
}
