namespace Vigil.Bench.Load;

/// <summary>The final answer for one message: an SMTP reply code (clamd: 250 clean, 550 FOUND), 0 for a broken exchange.</summary>
public readonly record struct LoadOutcome(int Code, string Text)
{
    public string Class => Code switch
    {
        >= 200 and < 300 => "2xx",
        >= 400 and < 500 => "4xx",
        >= 500 and < 600 => "5xx",
        _ => "broken",
    };
}
