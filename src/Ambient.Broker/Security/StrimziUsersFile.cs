using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ambient.Broker.Security;

/// <summary>
/// Reads Strimzi KafkaUser manifests (multi-document YAML, <c>kafka.strimzi.io/v1</c>), the ones production
/// applies, so the embedded broker enforces exactly the ACLs the cluster will. Documents of other kinds are
/// skipped. Errors name the file and line.
/// </summary>
public static class StrimziUsersFile
{
    private static readonly HashSet<string> s_authentications = new(StringComparer.Ordinal) { StrimziUser.ScramSha512, "tls", "tls-external" };

    /// <summary>The KafkaUsers of <paramref name="path"/>, in file order.</summary>
    /// <exception cref="InvalidDataException">The YAML or a KafkaUser in it is malformed.</exception>
    public static List<StrimziUser> Load(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = File.OpenText(path);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"{path} line {ex.Start.Line}: {ex.Message}", ex);
        }

        var users = new List<StrimziUser>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root || Scalar(root, "kind") != "KafkaUser")
            {
                continue;
            }

            var user = ReadUser(path, root);
            if (users.Any(u => u.Name == user.Name))
            {
                throw Error(path, root, $"KafkaUser '{user.Name}' is defined more than once.");
            }

            users.Add(user);
        }

        return users;
    }

    private static StrimziUser ReadUser(string path, YamlMappingNode root)
    {
        var name = Child(root, "metadata") is YamlMappingNode metadata ? Scalar(metadata, "name") : null;
        if (string.IsNullOrEmpty(name))
        {
            throw Error(path, root, "KafkaUser has no metadata.name.");
        }

        if (Child(root, "spec") is not YamlMappingNode spec)
        {
            throw Error(path, root, $"KafkaUser '{name}' has no spec.");
        }

        var authentication = Child(spec, "authentication") is YamlMappingNode auth ? Scalar(auth, "type") : null;
        if (authentication is null || !s_authentications.Contains(authentication))
        {
            throw Error(path, spec, $"KafkaUser '{name}': spec.authentication.type must be scram-sha-512, tls or tls-external.");
        }

        var acls = new List<AclRule>();
        if (Child(spec, "authorization") is YamlMappingNode authorization)
        {
            if (Scalar(authorization, "type") != "simple")
            {
                throw Error(path, authorization, $"KafkaUser '{name}': only spec.authorization.type simple is supported.");
            }

            if (Child(authorization, "acls") is YamlSequenceNode rules)
            {
                acls.AddRange(rules.SelectMany(rule => StrimziAclRule.Read(path, name, rule)));
            }
        }

        return new StrimziUser(name, authentication, acls);
    }

    internal static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    internal static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    internal static InvalidDataException Error(string path, YamlNode node, string message) => new($"{path} line {node.Start.Line}: {message}");
}
