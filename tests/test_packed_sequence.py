"""PackedSequence, pack_padded_sequence, pad_packed_sequence, pack_sequence and packed input to RNN/LSTM/GRU,
against PyTorch."""

import numpy as np
import pytest

import mtorch
from mtorch.autograd import gradcheck
from mtorch.nn.utils.rnn import pack_padded_sequence, pack_sequence, pad_packed_sequence

torch = pytest.importorskip("torch")
trnn = torch.nn.utils.rnn

LENGTHS = [3, 5, 1, 4]


def _padded(batch_first, features=3, dtype=np.float32):
    shape = (len(LENGTHS), max(LENGTHS), features) if batch_first else (max(LENGTHS), len(LENGTHS), features)
    return np.random.default_rng(0).standard_normal(shape).astype(dtype)


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("as_tensor", [False, True])
def test_pack_and_pad_match_torch(batch_first, as_tensor):
    x = _padded(batch_first)
    lengths = mtorch.tensor(LENGTHS) if as_tensor else LENGTHS
    ours = pack_padded_sequence(mtorch.tensor(x), lengths, batch_first=batch_first, enforce_sorted=False)
    theirs = trnn.pack_padded_sequence(torch.tensor(x), LENGTHS, batch_first=batch_first, enforce_sorted=False)
    np.testing.assert_array_equal(ours.data.numpy(), theirs.data.numpy())
    for name in ("batch_sizes", "sorted_indices", "unsorted_indices"):
        assert getattr(ours, name).dtype == mtorch.int64
        np.testing.assert_array_equal(getattr(ours, name).numpy(), getattr(theirs, name).numpy())
    padded, lengths_out = pad_packed_sequence(ours, batch_first=batch_first, padding_value=-1.0, total_length=6)
    expected, expected_lengths = trnn.pad_packed_sequence(theirs, batch_first=batch_first, padding_value=-1.0,
                                                          total_length=6)
    np.testing.assert_array_equal(padded.numpy(), expected.numpy())
    assert lengths_out.dtype == mtorch.int64
    np.testing.assert_array_equal(lengths_out.numpy(), expected_lengths.numpy())


def test_pack_sequence_sorted_has_no_indices():
    seqs = [np.arange(n * 2, dtype=np.float32).reshape(n, 2) for n in (4, 2, 2, 1)]
    ours = pack_sequence([mtorch.tensor(s) for s in seqs])
    theirs = trnn.pack_sequence([torch.tensor(s) for s in seqs])
    np.testing.assert_array_equal(ours.data.numpy(), theirs.data.numpy())
    np.testing.assert_array_equal(ours.batch_sizes.numpy(), theirs.batch_sizes.numpy())
    assert ours.sorted_indices is None and ours.unsorted_indices is None


def test_errors_match_torch():
    x = mtorch.zeros(4, 3, 2)
    message = "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True"
    with pytest.raises(RuntimeError, match=message):
        pack_padded_sequence(x, [2, 3, 1])
    with pytest.raises(RuntimeError, match=message):
        pack_sequence([mtorch.zeros(2), mtorch.zeros(3)])
    with pytest.raises(RuntimeError, match="Length of all samples has to be greater than 0"):
        pack_padded_sequence(x, [2, 0, 1], enforce_sorted=False)
    with pytest.raises(ValueError, match="total_length=2 and max sequence length being 4"):
        pad_packed_sequence(pack_padded_sequence(x, [4, 3, 1]), total_length=2)


def test_pack_pad_gradcheck():
    x = mtorch.tensor(_padded(False, features=2, dtype=np.float64), requires_grad=True)

    def roundtrip(x):
        return pad_packed_sequence(pack_padded_sequence(x, LENGTHS, enforce_sorted=False), padding_value=0.5)[0]

    assert gradcheck(roundtrip, (x,))


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("with_hx", [False, True])
def test_packed_rnn_matches_torch(name, batch_first, with_hx):
    torch.manual_seed(0)
    theirs = getattr(torch.nn, name)(3, 4, num_layers=2, bidirectional=True, batch_first=batch_first).double()
    ours = getattr(mtorch.nn, name)(3, 4, num_layers=2, bidirectional=True, batch_first=batch_first,
                                    dtype=mtorch.float64)
    ours.load_state_dict({k: mtorch.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    x = _padded(batch_first, dtype=np.float64)
    hx = np.random.default_rng(1).standard_normal((4, len(LENGTHS), 4))
    tx = torch.tensor(x, requires_grad=True)
    mx = mtorch.tensor(x, requires_grad=True)
    t_hx = m_hx = None
    if with_hx:
        t_hx = (torch.tensor(hx), torch.tensor(-hx)) if name == "LSTM" else torch.tensor(hx)
        m_hx = (mtorch.tensor(hx), mtorch.tensor(-hx)) if name == "LSTM" else mtorch.tensor(hx)
    t_out, t_state = theirs(trnn.pack_padded_sequence(tx, LENGTHS, batch_first, enforce_sorted=False), t_hx)
    m_out, m_state = ours(pack_padded_sequence(mx, LENGTHS, batch_first, enforce_sorted=False), m_hx)
    assert isinstance(m_out, mtorch.nn.utils.rnn.PackedSequence)
    np.testing.assert_allclose(m_out.data.numpy(), t_out.data.detach().numpy(), atol=1e-12)
    np.testing.assert_array_equal(m_out.batch_sizes.numpy(), t_out.batch_sizes.numpy())
    np.testing.assert_array_equal(m_out.unsorted_indices.numpy(), t_out.unsorted_indices.numpy())
    t_padded, _ = trnn.pad_packed_sequence(t_out, batch_first)
    m_padded, _ = pad_packed_sequence(m_out, batch_first)
    np.testing.assert_allclose(m_padded.numpy(), t_padded.detach().numpy(), atol=1e-12)
    t_states = t_state if name == "LSTM" else (t_state,)
    m_states = m_state if name == "LSTM" else (m_state,)
    for m, t in zip(m_states, t_states):
        np.testing.assert_allclose(m.numpy(), t.detach().numpy(), atol=1e-12)
    weights = np.random.default_rng(2).standard_normal(t_padded.shape)
    ((t_padded * torch.tensor(weights)).sum() + sum(s.sum() for s in t_states)).backward()
    ((m_padded * mtorch.tensor(weights)).sum() + sum(s.sum() for s in m_states)).backward()
    np.testing.assert_allclose(mx.grad.numpy(), tx.grad.numpy(), atol=1e-12)
    for key, param in theirs.named_parameters():
        np.testing.assert_allclose(getattr(ours, key).grad.numpy(), param.grad.numpy(), atol=1e-12)


def test_packed_lstm_float32_state_is_last_real_step():
    torch.manual_seed(0)
    theirs = torch.nn.LSTM(3, 4)
    ours = mtorch.nn.LSTM(3, 4)
    ours.load_state_dict({k: mtorch.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    x = _padded(False)
    m_out, (h_n, _) = ours(pack_padded_sequence(mtorch.tensor(x), LENGTHS, enforce_sorted=False))
    t_out, (t_h, _) = theirs(trnn.pack_padded_sequence(torch.tensor(x), LENGTHS, enforce_sorted=False))
    np.testing.assert_allclose(m_out.data.numpy(), t_out.data.detach().numpy(), atol=1e-6)
    padded, lengths = pad_packed_sequence(m_out)
    last = padded.numpy()[lengths.numpy() - 1, np.arange(len(LENGTHS))]
    np.testing.assert_allclose(h_n.numpy()[0], last, atol=0)
    np.testing.assert_allclose(h_n.numpy(), t_h.detach().numpy(), atol=1e-6)
