namespace Ambient.Broker.Security;

/// <summary>
/// Reads a credentials file: one <c>user:password</c> per line (the password may itself contain ':'), with
/// blank lines and <c>#</c> comments allowed. Errors name the line, never the password.
/// </summary>
internal static class CredentialsFile
{
    public static List<(string User, string Password, int Line)> Load(string path)
    {
        var credentials = new List<(string, string, int)>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.TrimStart().TrimEnd('\r'); // a password may end in spaces
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == line.Length - 1)
            {
                throw new InvalidDataException($"{path} line {number}: expected user:password.");
            }

            credentials.Add((line[..colon], line[(colon + 1)..], number));
        }

        return credentials;
    }
}
