using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Ambient.Governance.Policies;

/// <summary>
/// The policies in force. Each policy decides by its first matching rule (else its default); across policies the most
/// restrictive decision wins (deny &gt; approve &gt; review &gt; allow), so one team's policy cannot loosen another's,
/// and a tie goes to the first policy in set order. An empty set allows everything. Immutable and thread-safe.
/// </summary>
public sealed class PolicySet
{
    private PolicySet(IReadOnlyList<PolicyDocument> documents)
    {
        Documents = documents;
        Version = ComputeVersion(documents);
    }

    /// <summary>A set without policies: every call is allowed.</summary>
    public static PolicySet Empty { get; } = new([]);

    /// <summary>The policies, in evaluation order.</summary>
    public IReadOnlyList<PolicyDocument> Documents { get; }

    /// <summary>The first 16 hex characters of a SHA-256 over the policies' names and texts, in order: the same set has the same version.</summary>
    public string Version { get; }

    /// <summary>A set of <paramref name="documents"/>, in the order given.</summary>
    /// <param name="documents">Policies read by <see cref="PolicyReader.Read"/>.</param>
    /// <returns>The set.</returns>
    /// <exception cref="PolicyException">Two policies have the same name; the message names both files.</exception>
    public static PolicySet From(IEnumerable<PolicyDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var list = documents.ToList();
        var seen = new Dictionary<string, PolicyDocument>(StringComparer.Ordinal);
        foreach (var document in list)
        {
            ArgumentNullException.ThrowIfNull(document, nameof(documents));
            if (!seen.TryAdd(document.Name, document))
            {
                var (line, column) = document.NameAt;
                throw new PolicyException(
                    $"{document.SourceFile}:{line}:{column}: name '{document.Name}' is already the name of the policy in {seen[document.Name].SourceFile}");
            }
        }

        return new PolicySet(list);
    }

    /// <summary>Reads every <c>*.yaml</c> and <c>*.yml</c> file in <paramref name="directory"/> (not its subdirectories), ordered by file name.</summary>
    /// <param name="directory">The policy directory, e.g. <c>policies</c>; file names in errors start with it.</param>
    /// <returns>The set; <see cref="Empty"/>'s equivalent when the directory holds no policy file.</returns>
    /// <exception cref="PolicyException">The directory does not exist, a file is not a valid policy, or two policies share a name.</exception>
    public static PolicySet Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new PolicyException($"The policy directory '{directory}' does not exist.");
        }

        var files = Directory.EnumerateFiles(directory)
            .Where(file => Path.GetExtension(file).ToUpperInvariant() is ".YAML" or ".YML")
            .OrderBy(Path.GetFileName, StringComparer.Ordinal);
        return From(files.Select(file => PolicyReader.Read(file, File.ReadAllText(file))).ToList());
    }

    /// <summary>Decides <paramref name="input"/>: every policy is evaluated, the most restrictive decision wins.</summary>
    /// <param name="input">The call.</param>
    /// <param name="explain">
    /// False leaves <see cref="PolicyDecision.Explanation"/> empty: what a decision is for does not need one line per rule
    /// tried, and writing them was most of what a tool call's policy check allocated (docs/benchmarks.md, Tool calls).
    /// </param>
    /// <returns>The decision, with one explanation line per policy and per rule evaluated.</returns>
    public PolicyDecision Evaluate(PolicyInput input, bool explain = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        var explanation = explain ? new List<string>() : null;
        PolicyOutcome? winner = null;
        foreach (var document in Documents)
        {
            var outcome = document.Evaluate(input, explanation);
            // Strictly greater: a tie keeps the earlier policy, its approvers and its expiry.
            if (outcome.HasOpinion && (winner is null || outcome.Verdict > winner.Value.Verdict))
            {
                winner = outcome;
            }
        }

        return winner?.ToDecision(explanation ?? [])
            ?? new PolicyDecision(PolicyVerdict.Allow, null, null, Documents.Count == 0 ? "no policies: allow" : "no policy rule matched: allow",
                [], null, null, explanation ?? []);
    }

    /// <summary>
    /// The zones <paramref name="agent"/>'s calls to <paramref name="tool"/> can fall in, whatever their arguments, event, time
    /// and confidence: per policy, every rule whose agent and tool conditions hold, with its other conditions as a summary,
    /// and the default when no earlier rule always decides.
    /// </summary>
    /// <param name="agent">The agent's name.</param>
    /// <param name="tool">The tool's name, <c>plugin.function</c>.</param>
    /// <returns>The zones, in set and rule order; <see cref="ToolZones.Tier"/> is the riskiest of them a call can end in.</returns>
    public ToolZones ZonesOf(string agent, string tool)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        ArgumentException.ThrowIfNullOrEmpty(tool);
        return new ToolZones(agent, tool, [.. Documents.SelectMany(document => document.ZonesOf(agent, tool))]);
    }

    private static string ComputeVersion(IReadOnlyList<PolicyDocument> documents)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var part in documents.SelectMany(document => new[] { document.Name, document.Text }))
        {
            // Length-prefixed, so ("ab", "c") and ("a", "bc") hash differently.
            var bytes = Encoding.UTF8.GetBytes(part);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset(), 0, 8);
    }
}
