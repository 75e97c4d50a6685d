namespace Ambient.Tools.Kubernetes;

/// <summary>Reads a model's kind argument against the allow-list <see cref="KubernetesObjectKind"/>.</summary>
internal static class KubernetesObjectKinds
{
    /// <summary>The allowed kinds, for the model: <c>Pod, Deployment, ...</c>.</summary>
    public static string Allowed { get; } = string.Join(", ", Enum.GetNames<KubernetesObjectKind>());

    /// <summary>The kind, case-insensitive, singular or plural (<c>pods</c>); false for anything not allowed.</summary>
    public static bool TryParse(string text, out KubernetesObjectKind kind)
    {
        var trimmed = text.Trim();
        foreach (var candidate in Enum.GetValues<KubernetesObjectKind>())
        {
            var name = candidate.ToString();
            if (trimmed.Equals(name, StringComparison.OrdinalIgnoreCase) || trimmed.Equals(name + "s", StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>Nodes are cluster-scoped: no namespace in their path.</summary>
    public static bool IsNamespaced(KubernetesObjectKind kind) => kind != KubernetesObjectKind.Node;

    public static string NotAllowed(string text) =>
        $"Kind '{text}' cannot be read: the allowed kinds are {Allowed}. Secrets, ConfigMaps and other kinds are not readable by design.";
}
