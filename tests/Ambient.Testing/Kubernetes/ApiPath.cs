namespace Ambient.Testing.Kubernetes;

/// <summary>
/// A Kubernetes REST path taken apart: <c>/api/v1</c> or <c>/apis/GROUP/VERSION</c>, then an optional namespace, the
/// resource's plural, an optional name and an optional subresource (<c>status</c>).
/// </summary>
/// <param name="Prefix">E.g. <c>/apis/apps/v1</c>.</param>
/// <param name="Namespace">The namespace; null for a cluster-wide path.</param>
/// <param name="Plural">E.g. <c>deployments</c>.</param>
/// <param name="Name">The object's name; null for a collection.</param>
/// <param name="Subresource">E.g. <c>status</c>; null for the object itself.</param>
internal sealed record ApiPath(string Prefix, string? Namespace, string Plural, string? Name, string? Subresource)
{
    /// <summary>The collection's path, e.g. <c>/apis/apps/v1/namespaces/shop/deployments</c>.</summary>
    public string Collection => Namespace is null ? $"{Prefix}/{Plural}" : $"{Prefix}/namespaces/{Namespace}/{Plural}";

    /// <summary>The object's path (without the subresource): the key the fake keeps it under.</summary>
    public string Object => $"{Collection}/{Name}";

    /// <summary>True when <paramref name="item"/> is in this collection: the same kind, and this namespace unless cluster-wide.</summary>
    public bool Holds(ApiPath item) =>
        item.Prefix == Prefix && item.Plural == Plural && (Namespace is null || item.Namespace == Namespace);

    /// <summary>Null when <paramref name="path"/> is not a resource path this fake serves.</summary>
    public static ApiPath? Parse(string path)
    {
        var segments = path.Trim('/').Split('/');
        var (prefix, rest) = segments switch
        {
            ["api", var version, .. var tail] => ($"/api/{version}", tail),
            ["apis", var group, var version, .. var tail] => ($"/apis/{group}/{version}", tail),
            _ => (null, []),
        };
        return (prefix, rest) switch
        {
            (null, _) => null,
            (_, ["namespaces", var ns, var plural]) => new ApiPath(prefix, ns, plural, null, null),
            (_, ["namespaces", var ns, var plural, var name]) => new ApiPath(prefix, ns, plural, name, null),
            (_, ["namespaces", var ns, var plural, var name, var sub]) => new ApiPath(prefix, ns, plural, name, sub),
            (_, [var plural]) => new ApiPath(prefix, null, plural, null, null),
            (_, [var plural, var name]) => new ApiPath(prefix, null, plural, name, null),
            (_, [var plural, var name, var sub]) => new ApiPath(prefix, null, plural, name, sub),
            _ => null,
        };
    }
}
