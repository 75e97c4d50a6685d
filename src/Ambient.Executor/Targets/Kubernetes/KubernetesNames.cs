using System.Text.RegularExpressions;

namespace Ambient.Executor.Targets.Kubernetes;

/// <summary>
/// The API server's rules for namespaces and object names (DNS-1123), checked before a name reaches a URL: a slash or
/// '..' in an agent's argument would otherwise change which object is patched.
/// </summary>
internal static partial class KubernetesNames
{
    /// <summary>A namespace: an RFC 1123 label, up to 63 characters.</summary>
    public static bool IsLabel(string value) => value.Length <= 63 && LabelPattern().IsMatch(value);

    /// <summary>An object name: an RFC 1123 subdomain, up to 253 characters.</summary>
    public static bool IsSubdomain(string value) => value.Length <= 253 && SubdomainPattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SubdomainPattern();
}
