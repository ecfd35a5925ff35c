namespace Recovery.Debtors.Tests;

/// <summary>One host and one registered partner per fixture.</summary>
public abstract class PartnerFixture
{
    protected RecoveryApp App { get; private set; } = null!;
    protected HttpClient Partner { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        App = new RecoveryApp();
        (Partner, _, _) = await App.PartnerAsync();
    }

    [OneTimeTearDown] public async Task StopAsync() => await App.DisposeAsync();
}
