using System.Text.RegularExpressions;

namespace Ambient.Runtime.Redaction;

/// <summary>
/// A kind of secret masked before a model sees it. When the pattern has a group named <c>value</c> only that group is
/// masked (the <c>password=</c> of a pair stays, so the model still reads what was there).
/// </summary>
/// <param name="Name">What the placeholder calls it, e.g. <c>github-token</c>.</param>
/// <param name="Regex">Where it is.</param>
public sealed record SecretPattern(string Name, Regex Regex)
{
    /// <summary>How long one pattern may look at one text; past it the whole text is masked rather than passed on unchecked.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The patterns every worker masks unless told otherwise (<c>Ambient:Redaction:Disabled</c>).</summary>
    public static IReadOnlyList<SecretPattern> BuiltIn { get; } =
    [
        new("github-token", Compile(@"\b(?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{36,255}\b|\bgithub_pat_[A-Za-z0-9_]{22,255}")),
        new("slack-token", Compile(@"\bxox[abposr]-[A-Za-z0-9-]{10,250}")),
        new("aws-access-key", Compile(@"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b")),
        // A block cut short (a truncated log line) is masked to its end: the key's first lines are secret too.
        new("private-key", Compile(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[\s\S]*$)")),
        new("jwt", Compile(@"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}")),
        new("secret-pair", Compile(
            @"(?i)\b(?:password|passwd|pwd|secret|client_secret|api[_-]?key|access[_-]?token)\s*[=:]\s*(?<value>""[^""\r\n]{1,256}""|'[^'\r\n]{1,256}'|[^\s&,;""'\\]{1,256})")),
    ];

    /// <summary>A pattern as the built-ins are compiled (culture-invariant, with the timeout).</summary>
    public static Regex Compile(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, Timeout);
}
