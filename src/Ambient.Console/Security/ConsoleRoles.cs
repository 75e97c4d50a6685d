using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace Ambient.Supervisor.Security;

/// <summary>The console's two roles and how a token maps to one.</summary>
public static class ConsoleRoles
{
    /// <summary>Every page and every action.</summary>
    public const string Operator = "operator";

    /// <summary>Every page, no action.</summary>
    public const string Viewer = "viewer";

    /// <summary>The authorization policy of actions (approve, pause, roll back).</summary>
    public const string ActPolicy = "act";

    /// <summary>
    /// The identity a token stands for, named <paramref name="person"/> when given (records then say who acted), else by
    /// the token; null when it is neither token. Compared in constant time.
    /// </summary>
    internal static ClaimsIdentity? IdentityOf(string? token, ConsoleOptions options, string scheme, string? person = null)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var role = Matches(token, options.Token) ? Operator : Matches(token, options.ReadOnlyToken) ? Viewer : null;
        return role is null
            ? null
            : new ClaimsIdentity([new Claim(ClaimTypes.Name, person ?? (role == Operator ? "operator-token" : "read-only-token")), new Claim(ClaimTypes.Role, role)], scheme);
    }

    private static bool Matches(string given, string? expected) =>
        expected is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected.Trim())));
}
