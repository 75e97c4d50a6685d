using System.Text.RegularExpressions;
using Ambient.Abstractions.Tools;

namespace Ambient.Tools.Kubernetes;

/// <summary>
/// Validates namespaces and object names the way the API server does, so a model's argument is a name and never a
/// path: a slash or '..' would otherwise change which resource the GET reads.
/// </summary>
internal static partial class KubernetesNames
{
    /// <summary>A namespace or container name: an RFC 1123 label, up to 63 characters.</summary>
    /// <exception cref="ToolArgumentException">Not a label.</exception>
    public static string Label(string value, string argument) =>
        value.Length <= 63 && LabelPattern().IsMatch(value)
            ? value
            : throw new ToolArgumentException($"Argument '{argument}' must be a Kubernetes name (lowercase letters, digits and '-', up to 63 characters), got '{value}'.");

    /// <summary>An object name: an RFC 1123 subdomain, up to 253 characters.</summary>
    /// <exception cref="ToolArgumentException">Not a subdomain.</exception>
    public static string Subdomain(string value, string argument) =>
        value.Length <= 253 && SubdomainPattern().IsMatch(value)
            ? value
            : throw new ToolArgumentException($"Argument '{argument}' must be a Kubernetes object name (lowercase letters, digits, '-' and '.', up to 253 characters), got '{value}'.");

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SubdomainPattern();
}
