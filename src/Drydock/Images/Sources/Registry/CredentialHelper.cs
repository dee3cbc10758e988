using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Drydock.Images.Sources.Registry;

/// <summary>
/// Runs a Docker credential helper as the Docker CLI does (docker-credential-helpers client.Get): the program
/// <c>docker-credential-NAME</c> from PATH with argument <c>get</c>, the server URL on stdin, JSON on stdout.
/// "credentials not found" is not an error: it means anonymous access.
/// </summary>
internal static class CredentialHelper
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<RegistryCredential?> GetAsync(string helper, string serverUrl, CancellationToken cancellationToken)
    {
        // The name becomes part of a program name: refuse anything that could name a path.
        if (helper.Length == 0 || !helper.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new DrydockException($"Docker config: invalid credential helper name '{helper}'");
        var program = "docker-credential-" + helper;
        var start = new ProcessStartInfo(program, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new DrydockException($"could not start credential helper {program}");
        }
        catch (Win32Exception)
        {
            throw new DrydockException($"Docker config names credential helper '{helper}' but {program} is not on PATH");
        }
        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                await process.StandardInput.WriteAsync(serverUrl);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The helper exited without reading stdin (a broken pipe); its exit code and output still tell.
            }
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new DrydockException($"credential helper {program} did not answer within {Timeout.TotalSeconds:0} s");
            }
            var output = await stdout;
            var error = (await stderr).Trim();
            if (process.ExitCode != 0)
            {
                // The protocol's "not found" message (credentials.ErrCredentialsNotFound) may come on either stream.
                if ((output + error).Contains("credentials not found", StringComparison.OrdinalIgnoreCase)) return null;
                throw new DrydockException($"credential helper {program} failed (exit {process.ExitCode}) for {serverUrl}");
            }
            return Parse(output, program);
        }
    }

    private static RegistryCredential? Parse(string output, string program)
    {
        CredentialHelperOutput? result;
        try
        {
            result = JsonSerializer.Deserialize(output, RegistryJsonContext.Default.CredentialHelperOutput);
        }
        catch (JsonException)
        {
            throw new DrydockException($"credential helper {program} printed something that is not its JSON answer");
        }
        if (result is null || (string.IsNullOrEmpty(result.Username) && string.IsNullOrEmpty(result.Secret))) return null;
        // Docker's convention: the user name "<token>" marks the secret as an identity token.
        return result.Username == "<token>"
            ? new RegistryCredential(null, null, result.Secret)
            : new RegistryCredential(result.Username, result.Secret ?? "");
    }
}
