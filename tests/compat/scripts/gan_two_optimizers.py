# A tiny GAN in the DCGAN example's shape, on 1-D data: a generator and a discriminator with their own
# Adam optimisers, BCELoss, label tensors filled in place with fill_, fake.detach() for the
# discriminator step, and the generator step through the discriminator.
import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(0)
nz = 4
netG = nn.Sequential(nn.Linear(nz, 16), nn.ReLU(), nn.Linear(16, 1))
netD = nn.Sequential(nn.Linear(1, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1), nn.Sigmoid())
criterion = nn.BCELoss()
optimizerD = optim.Adam(netD.parameters(), lr=2e-3, betas=(0.5, 0.999))
optimizerG = optim.Adam(netG.parameters(), lr=2e-3, betas=(0.5, 0.999))
real_label, fake_label = 1.0, 0.0
batch_size = 64
fixed_noise = torch.randn(256, nz)

for _i in range(300):
    real = torch.randn(batch_size, 1) * 0.5 + 3.0
    netD.zero_grad()
    label = torch.full((batch_size,), real_label, dtype=torch.float)
    output = netD(real).view(-1)
    errD_real = criterion(output, label)
    errD_real.backward()
    D_x = output.mean().item()

    noise = torch.randn(batch_size, nz)
    fake = netG(noise)
    label.fill_(fake_label)
    output = netD(fake.detach()).view(-1)
    errD_fake = criterion(output, label)
    errD_fake.backward()
    errD = errD_real + errD_fake
    optimizerD.step()

    netG.zero_grad()
    label.fill_(real_label)
    output = netD(fake).view(-1)
    errG = criterion(output, label)
    errG.backward()
    optimizerG.step()

with torch.no_grad():
    samples = netG(fixed_noise)

RESULT = {
    "label_dtype": label.dtype,
    "label_after_fill": label[:3],
    "sample_shape": tuple(samples.shape),
    "rough_sample_mean": samples.mean().item(),
    "moved_towards_data": abs(samples.mean().item() - 3.0) < 1.5,
    "d_x_is_float": isinstance(D_x, float),
    "errD_finite": bool(torch.isfinite(errD)),
}
