using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Vigil.Engine.Sanitizing;

namespace Vigil.Engine.Scanners.Rspamd;

/// <summary>
/// rspamd's HTTP protocol: <c>POST /checkv2</c> with the raw message as the body, a JSON judgement
/// back; <c>GET /ping</c> for health. One pooled HttpClient per instance, with a connect timeout
/// and one limit for the whole request. Every expected failure comes back as a result; only the
/// caller's own cancellation throws.
/// </summary>
public sealed class RspamdClient : IDisposable
{
    /// <summary>rspamd's JSON for one message is a few KB; more is not rspamd.</summary>
    private const int MaxReply = 1024 * 1024;

    private readonly HttpClient _http;

    public RspamdClient(Uri baseAddress, TimeSpan? timeout = null, TimeSpan? connectTimeout = null)
    {
        BaseAddress = baseAddress;
        Timeout = timeout ?? TimeSpan.FromSeconds(60);
        var connect = connectTimeout ?? TimeSpan.FromSeconds(5);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connect < Timeout ? connect : Timeout,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        _http = new HttpClient(handler)
        {
            BaseAddress = baseAddress,
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,   // ours, per request, below
            MaxResponseContentBufferSize = MaxReply,
        };
    }

    public Uri BaseAddress { get; }

    public TimeSpan Timeout { get; }

    /// <summary>GET /ping; Ok when rspamd answers "pong".</summary>
    public async Task<(bool Ok, string Text)> PingAsync(CancellationToken cancellation = default)
    {
        var (body, failure) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "ping"), cancellation).ConfigureAwait(false);
        if (failure is not null)
        {
            return (false, failure.Detail);
        }

        var text = System.Text.Encoding.ASCII.GetString(body!).Trim();
        return text == "pong" ? (true, text) : (false, $"{BaseAddress}: unexpected reply to /ping: \"{PrintableAscii.Of(text, 120)}\"");
    }

    /// <summary>Sends exactly <paramref name="length"/> bytes of <paramref name="content"/> to /checkv2.</summary>
    public async Task<RspamdResult> CheckAsync(Stream content, long length, CancellationToken cancellation = default)
    {
        var body = new StreamContent(new LengthLimitedStream(content, length));
        body.Headers.ContentLength = length;
        body.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var request = new HttpRequestMessage(HttpMethod.Post, "checkv2") { Content = body };
        var (reply, failure) = await SendAsync(request, cancellation).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        var result = RspamdReplyParser.Parse(reply);
        return result.Failed ? result with { Detail = $"{BaseAddress}: {result.Detail}" } : result;
    }

    public void Dispose() => _http.Dispose();

    private async Task<(byte[]? Body, RspamdResult? Failure)> SendAsync(HttpRequestMessage request, CancellationToken cancellation)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(Timeout);
        try
        {
            using (request)
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, limit.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(limit.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    var code = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                    var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200));
                    return (null, RspamdResult.Error($"{BaseAddress}: HTTP {code} {response.ReasonPhrase}: \"{PrintableAscii.Of(text, 120)}\""));
                }

                return (body, null);
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            var seconds = Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            return (null, RspamdResult.Error($"{BaseAddress}: no answer within {seconds} s", timedOut: true));
        }
        catch (HttpRequestException e)
        {
            var unreachable = e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;
            return (null, RspamdResult.Error($"{BaseAddress}: {(unreachable ? "cannot connect" : "request failed")}: {e.Message}", unreachable));
        }
        catch (IOException e)
        {
            return (null, RspamdResult.Error($"{BaseAddress}: request failed: {e.Message}"));
        }
    }
}
