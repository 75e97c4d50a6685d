using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ambient.Governance.Approvals;

/// <summary>
/// Approval ids: <c>apr-</c> and 16 base-32 characters, short enough to type after <c>ambient approvals approve</c>.
/// The id is a digest of the run, the reply the call came in (its turn), the call's place in that reply, and the tool
/// with its arguments, and how often the run was rolled back: the same call driven again finds its request, while a call
/// the model makes anew with other arguments, or makes again after a rollback undid the first, gets a request of its own
/// instead of an answer given to something else.
/// </summary>
public static class ApprovalIds
{
    /// <summary>The prefix of every approval id.</summary>
    public const string Prefix = "apr-";

    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789"; // no l, o, 0, 1: nothing to misread
    private static readonly SearchValues<char> s_alphabet = SearchValues.Create(Alphabet);

    /// <summary>
    /// The id of the request for call <paramref name="callIndex"/> of the reply at <paramref name="turn"/> of
    /// <paramref name="runId"/>, after <paramref name="rollbacks"/> rollbacks of the run.
    /// </summary>
    public static string For(string runId, int turn, int callIndex, string tool, string arguments, int rollbacks = 0)
    {
        ArgumentNullException.ThrowIfNull(runId);
        // Without a rollback the text is what it was before rollbacks counted, so requests already on the topic keep their ids.
        var text = rollbacks == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{runId}\n{turn}\n{callIndex}\n{tool}\n{arguments}")
            : string.Create(CultureInfo.InvariantCulture, $"{runId}\n{turn}\n{callIndex}\n{tool}\n{arguments}\nrollbacks {rollbacks}");
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        Span<char> id = stackalloc char[16];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = Alphabet[digest[i] & 31];
        }

        return Prefix + new string(id);
    }

    /// <summary>Whether <paramref name="id"/> has the shape of an approval id (a typo is refused before Kafka is asked).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: 20 } && id.StartsWith(Prefix, StringComparison.Ordinal) && id.AsSpan(Prefix.Length).IndexOfAnyExcept(s_alphabet) < 0;
}
