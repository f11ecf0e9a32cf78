// Code generated via abigen V2 - DO NOT EDIT.
//lint:file-ignore ST1005 error strings are abigen's
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// ModelRegistryModel is an auto generated low-level Go binding around an user-defined struct.
type ModelRegistryModel struct {
	Token             common.Address
	RegisteredAt      uint64
	PerformanceMetric string
}

// HokusaiTokenMetaData contains all meta data concerning the HokusaiToken contract.
var HokusaiTokenMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"AlreadyInitialized\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"allowance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientAllowance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"balance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientBalance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"approver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidApprover\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidReceiver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSpender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotController\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroController\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"controller\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"name\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"symbol\",\"type\":\"string\"}],\"name\":\"Initialized\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"allowance\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"burn\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"burnFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"controller\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"decimals\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"name_\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"symbol_\",\"type\":\"string\"},{\"internalType\":\"address\",\"name\":\"controller_\",\"type\":\"address\"}],\"name\":\"initialize\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalSupply\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transfer\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "ea00738080e0ea219e3ed34fbfe1d626a3",
	Bin: "0x608060405234801561000f575f5ffd5b5060408051602080820183525f808352835191820190935291825290600361003783826100f6565b50600461004482826100f6565b5050600780546001600160a01b03191630179055506101b0565b634e487b7160e01b5f52604160045260245ffd5b600181811c9082168061008657607f821691505b6020821081036100a457634e487b7160e01b5f52602260045260245ffd5b50919050565b601f8211156100f157805f5260205f20601f840160051c810160208510156100cf5750805b601f840160051c820191505b818110156100ee575f81556001016100db565b50505b505050565b81516001600160401b0381111561010f5761010f61005e565b6101238161011d8454610072565b846100aa565b6020601f821160018114610155575f831561013e5750848201515b5f19600385901b1c1916600184901b1784556100ee565b5f84815260208120601f198516915b828110156101845787850151825560209485019460019092019101610164565b50848210156101a157868401515f19600387901b60f8161c191681555b50505050600190811b01905550565b610ba6806101bd5f395ff3fe608060405234801561000f575f5ffd5b50600436106100e5575f3560e01c806342966c681161008857806395d89b411161006357806395d89b41146101d4578063a9059cbb146101dc578063dd62ed3e146101ef578063f77c479114610227575f5ffd5b806342966c681461018657806370a082311461019957806379cc6790146101c1575f5ffd5b806318160ddd116100c357806318160ddd1461013f57806323b872dd14610151578063313ce5671461016457806340c10f1914610173575f5ffd5b806306fdde03146100e9578063077f224a14610107578063095ea7b31461011c575b5f5ffd5b6100f1610242565b6040516100fe91906107c8565b60405180910390f35b61011a61011536600461085d565b6102d2565b005b61012f61012a3660046108dd565b6103a1565b60405190151581526020016100fe565b6002545b6040519081526020016100fe565b61012f61015f366004610905565b6103ba565b604051601281526020016100fe565b61011a6101813660046108dd565b6103dd565b61011a61019436600461093f565b61041d565b6101436101a7366004610956565b6001600160a01b03165f9081526020819052604090205490565b61011a6101cf3660046108dd565b61042a565b6100f1610461565b61012f6101ea3660046108dd565b610470565b6101436101fd366004610976565b6001600160a01b039182165f90815260016020908152604080832093909416825291909152205490565b6007546040516001600160a01b0390911681526020016100fe565b606060058054610251906109a7565b80601f016020809104026020016040519081016040528092919081815260200182805461027d906109a7565b80156102c85780601f1061029f576101008083540402835291602001916102c8565b820191905f5260205f20905b8154815290600101906020018083116102ab57829003601f168201915b5050505050905090565b6007546001600160a01b0316156102fb5760405162dc149f60e41b815260040160405180910390fd5b6001600160a01b03811661032257604051632f62e27560e01b815260040160405180910390fd5b600561032f858783610a3e565b50600661033d838583610a3e565b50600780546001600160a01b0319166001600160a01b0383169081179091556040517f82dfd53401a55bb491abcb3e7a97c99da1ed7eaffd89721d3e96e8e8ad4a692d90610392908890889088908890610b20565b60405180910390a25050505050565b5f336103ae81858561047d565b60019150505b92915050565b5f336103c785828561048f565b6103d285858561050b565b506001949350505050565b6007546001600160a01b0316331461040f57604051633338cdbd60e11b81523360048201526024015b60405180910390fd5b6104198282610568565b5050565b610427338261059c565b50565b6007546001600160a01b0316331461045757604051633338cdbd60e11b8152336004820152602401610406565b610419828261059c565b606060068054610251906109a7565b5f336103ae81858561050b565b61048a83838360016105d0565b505050565b6001600160a01b038381165f908152600160209081526040808320938616835292905220545f1981101561050557818110156104f757604051637dc7a0d960e11b81526001600160a01b03841660048201526024810182905260448101839052606401610406565b61050584848484035f6105d0565b50505050565b6001600160a01b03831661053457604051634b637e8f60e11b81525f6004820152602401610406565b6001600160a01b03821661055d5760405163ec442f0560e01b81525f6004820152602401610406565b61048a8383836106a2565b6001600160a01b0382166105915760405163ec442f0560e01b81525f6004820152602401610406565b6104195f83836106a2565b6001600160a01b0382166105c557604051634b637e8f60e11b81525f6004820152602401610406565b610419825f836106a2565b6001600160a01b0384166105f95760405163e602df0560e01b81525f6004820152602401610406565b6001600160a01b03831661062257604051634a1406b160e11b81525f6004820152602401610406565b6001600160a01b038085165f908152600160209081526040808320938716835292905220829055801561050557826001600160a01b0316846001600160a01b03167f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b9258460405161069491815260200190565b60405180910390a350505050565b6001600160a01b0383166106cc578060025f8282546106c19190610b51565b9091555061073c9050565b6001600160a01b0383165f908152602081905260409020548181101561071e5760405163391434e360e21b81526001600160a01b03851660048201526024810182905260448101839052606401610406565b6001600160a01b0384165f9081526020819052604090209082900390555b6001600160a01b03821661075857600280548290039055610776565b6001600160a01b0382165f9081526020819052604090208054820190555b816001600160a01b0316836001600160a01b03167fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef836040516107bb91815260200190565b60405180910390a3505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b5f5f83601f84011261080d575f5ffd5b50813567ffffffffffffffff811115610824575f5ffd5b60208301915083602082850101111561083b575f5ffd5b9250929050565b80356001600160a01b0381168114610858575f5ffd5b919050565b5f5f5f5f5f60608688031215610871575f5ffd5b853567ffffffffffffffff811115610887575f5ffd5b610893888289016107fd565b909650945050602086013567ffffffffffffffff8111156108b2575f5ffd5b6108be888289016107fd565b90945092506108d1905060408701610842565b90509295509295909350565b5f5f604083850312156108ee575f5ffd5b6108f783610842565b946020939093013593505050565b5f5f5f60608486031215610917575f5ffd5b61092084610842565b925061092e60208501610842565b929592945050506040919091013590565b5f6020828403121561094f575f5ffd5b5035919050565b5f60208284031215610966575f5ffd5b61096f82610842565b9392505050565b5f5f60408385031215610987575f5ffd5b61099083610842565b915061099e60208401610842565b90509250929050565b600181811c908216806109bb57607f821691505b6020821081036109d957634e487b7160e01b5f52602260045260245ffd5b50919050565b634e487b7160e01b5f52604160045260245ffd5b601f82111561048a57805f5260205f20601f840160051c81016020851015610a185750805b601f840160051c820191505b81811015610a37575f8155600101610a24565b5050505050565b67ffffffffffffffff831115610a5657610a566109df565b610a6a83610a6483546109a7565b836109f3565b5f601f841160018114610a9b575f8515610a845750838201355b5f19600387901b1c1916600186901b178355610a37565b5f83815260208120601f198716915b82811015610aca5786850135825560209485019460019092019101610aaa565b5086821015610ae6575f1960f88860031b161c19848701351681555b505060018560011b0183555050505050565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b604081525f610b33604083018688610af8565b8281036020840152610b46818587610af8565b979650505050505050565b808201808211156103b457634e487b7160e01b5f52601160045260245ffdfea2646970667358221220d00f6c8b89215302c172c15af678f37baf4d6ae90817fd5286e38cf6fd41a8ca64736f6c634300081c0033",
}

// HokusaiToken is an auto generated Go binding around an Ethereum contract.
type HokusaiToken struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *HokusaiToken) GetABI() abi.ABI {
	return c.abi
}

// NewHokusaiToken creates a new instance of HokusaiToken.
func NewHokusaiToken() *HokusaiToken {
	parsed, err := HokusaiTokenMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &HokusaiToken{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *HokusaiToken) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (hokusaiToken *HokusaiToken) PackAllowance(owner common.Address, spender common.Address) []byte {
	enc, err := hokusaiToken.abi.Pack("allowance", owner, spender)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (hokusaiToken *HokusaiToken) TryPackAllowance(owner common.Address, spender common.Address) ([]byte, error) {
	return hokusaiToken.abi.Pack("allowance", owner, spender)
}

// UnpackAllowance is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdd62ed3e.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (hokusaiToken *HokusaiToken) UnpackAllowance(data []byte) (*big.Int, error) {
	out, err := hokusaiToken.abi.Unpack("allowance", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (hokusaiToken *HokusaiToken) PackApprove(spender common.Address, value *big.Int) []byte {
	enc, err := hokusaiToken.abi.Pack("approve", spender, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (hokusaiToken *HokusaiToken) TryPackApprove(spender common.Address, value *big.Int) ([]byte, error) {
	return hokusaiToken.abi.Pack("approve", spender, value)
}

// UnpackApprove is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x095ea7b3.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (hokusaiToken *HokusaiToken) UnpackApprove(data []byte) (bool, error) {
	out, err := hokusaiToken.abi.Unpack("approve", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (hokusaiToken *HokusaiToken) PackBalanceOf(account common.Address) []byte {
	enc, err := hokusaiToken.abi.Pack("balanceOf", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (hokusaiToken *HokusaiToken) TryPackBalanceOf(account common.Address) ([]byte, error) {
	return hokusaiToken.abi.Pack("balanceOf", account)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (hokusaiToken *HokusaiToken) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := hokusaiToken.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBurn is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42966c68.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function burn(uint256 amount) returns()
func (hokusaiToken *HokusaiToken) PackBurn(amount *big.Int) []byte {
	enc, err := hokusaiToken.abi.Pack("burn", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBurn is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42966c68.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function burn(uint256 amount) returns()
func (hokusaiToken *HokusaiToken) TryPackBurn(amount *big.Int) ([]byte, error) {
	return hokusaiToken.abi.Pack("burn", amount)
}

// PackBurnFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x79cc6790.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function burnFrom(address from, uint256 amount) returns()
func (hokusaiToken *HokusaiToken) PackBurnFrom(from common.Address, amount *big.Int) []byte {
	enc, err := hokusaiToken.abi.Pack("burnFrom", from, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBurnFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x79cc6790.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function burnFrom(address from, uint256 amount) returns()
func (hokusaiToken *HokusaiToken) TryPackBurnFrom(from common.Address, amount *big.Int) ([]byte, error) {
	return hokusaiToken.abi.Pack("burnFrom", from, amount)
}

// PackController is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf77c4791.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function controller() view returns(address)
func (hokusaiToken *HokusaiToken) PackController() []byte {
	enc, err := hokusaiToken.abi.Pack("controller")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackController is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf77c4791.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function controller() view returns(address)
func (hokusaiToken *HokusaiToken) TryPackController() ([]byte, error) {
	return hokusaiToken.abi.Pack("controller")
}

// UnpackController is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf77c4791.
//
// Solidity: function controller() view returns(address)
func (hokusaiToken *HokusaiToken) UnpackController(data []byte) (common.Address, error) {
	out, err := hokusaiToken.abi.Unpack("controller", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function decimals() view returns(uint8)
func (hokusaiToken *HokusaiToken) PackDecimals() []byte {
	enc, err := hokusaiToken.abi.Pack("decimals")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function decimals() view returns(uint8)
func (hokusaiToken *HokusaiToken) TryPackDecimals() ([]byte, error) {
	return hokusaiToken.abi.Pack("decimals")
}

// UnpackDecimals is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x313ce567.
//
// Solidity: function decimals() view returns(uint8)
func (hokusaiToken *HokusaiToken) UnpackDecimals(data []byte) (uint8, error) {
	out, err := hokusaiToken.abi.Unpack("decimals", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackInitialize is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x077f224a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function initialize(string name_, string symbol_, address controller_) returns()
func (hokusaiToken *HokusaiToken) PackInitialize(name string, symbol string, controller common.Address) []byte {
	enc, err := hokusaiToken.abi.Pack("initialize", name, symbol, controller)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackInitialize is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x077f224a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function initialize(string name_, string symbol_, address controller_) returns()
func (hokusaiToken *HokusaiToken) TryPackInitialize(name string, symbol string, controller common.Address) ([]byte, error) {
	return hokusaiToken.abi.Pack("initialize", name, symbol, controller)
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (hokusaiToken *HokusaiToken) PackMint(to common.Address, amount *big.Int) []byte {
	enc, err := hokusaiToken.abi.Pack("mint", to, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (hokusaiToken *HokusaiToken) TryPackMint(to common.Address, amount *big.Int) ([]byte, error) {
	return hokusaiToken.abi.Pack("mint", to, amount)
}

// PackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function name() view returns(string)
func (hokusaiToken *HokusaiToken) PackName() []byte {
	enc, err := hokusaiToken.abi.Pack("name")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function name() view returns(string)
func (hokusaiToken *HokusaiToken) TryPackName() ([]byte, error) {
	return hokusaiToken.abi.Pack("name")
}

// UnpackName is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (hokusaiToken *HokusaiToken) UnpackName(data []byte) (string, error) {
	out, err := hokusaiToken.abi.Unpack("name", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function symbol() view returns(string)
func (hokusaiToken *HokusaiToken) PackSymbol() []byte {
	enc, err := hokusaiToken.abi.Pack("symbol")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function symbol() view returns(string)
func (hokusaiToken *HokusaiToken) TryPackSymbol() ([]byte, error) {
	return hokusaiToken.abi.Pack("symbol")
}

// UnpackSymbol is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (hokusaiToken *HokusaiToken) UnpackSymbol(data []byte) (string, error) {
	out, err := hokusaiToken.abi.Unpack("symbol", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackTotalSupply is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x18160ddd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalSupply() view returns(uint256)
func (hokusaiToken *HokusaiToken) PackTotalSupply() []byte {
	enc, err := hokusaiToken.abi.Pack("totalSupply")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalSupply is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x18160ddd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalSupply() view returns(uint256)
func (hokusaiToken *HokusaiToken) TryPackTotalSupply() ([]byte, error) {
	return hokusaiToken.abi.Pack("totalSupply")
}

// UnpackTotalSupply is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (hokusaiToken *HokusaiToken) UnpackTotalSupply(data []byte) (*big.Int, error) {
	out, err := hokusaiToken.abi.Unpack("totalSupply", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (hokusaiToken *HokusaiToken) PackTransfer(to common.Address, value *big.Int) []byte {
	enc, err := hokusaiToken.abi.Pack("transfer", to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (hokusaiToken *HokusaiToken) TryPackTransfer(to common.Address, value *big.Int) ([]byte, error) {
	return hokusaiToken.abi.Pack("transfer", to, value)
}

// UnpackTransfer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa9059cbb.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (hokusaiToken *HokusaiToken) UnpackTransfer(data []byte) (bool, error) {
	out, err := hokusaiToken.abi.Unpack("transfer", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (hokusaiToken *HokusaiToken) PackTransferFrom(from common.Address, to common.Address, value *big.Int) []byte {
	enc, err := hokusaiToken.abi.Pack("transferFrom", from, to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (hokusaiToken *HokusaiToken) TryPackTransferFrom(from common.Address, to common.Address, value *big.Int) ([]byte, error) {
	return hokusaiToken.abi.Pack("transferFrom", from, to, value)
}

// UnpackTransferFrom is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (hokusaiToken *HokusaiToken) UnpackTransferFrom(data []byte) (bool, error) {
	out, err := hokusaiToken.abi.Unpack("transferFrom", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// HokusaiTokenApproval represents a Approval event raised by the HokusaiToken contract.
type HokusaiTokenApproval struct {
	Owner   common.Address
	Spender common.Address
	Value   *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const HokusaiTokenApprovalEventName = "Approval"

// ContractEventName returns the user-defined event name.
func (HokusaiTokenApproval) ContractEventName() string {
	return HokusaiTokenApprovalEventName
}

// UnpackApprovalEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (hokusaiToken *HokusaiToken) UnpackApprovalEvent(log *types.Log) (*HokusaiTokenApproval, error) {
	event := "Approval"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != hokusaiToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(HokusaiTokenApproval)
	if len(log.Data) > 0 {
		if err := hokusaiToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range hokusaiToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// HokusaiTokenInitialized represents a Initialized event raised by the HokusaiToken contract.
type HokusaiTokenInitialized struct {
	Controller common.Address
	Name       string
	Symbol     string
	Raw        *types.Log // Blockchain specific contextual infos
}

const HokusaiTokenInitializedEventName = "Initialized"

// ContractEventName returns the user-defined event name.
func (HokusaiTokenInitialized) ContractEventName() string {
	return HokusaiTokenInitializedEventName
}

// UnpackInitializedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Initialized(address indexed controller, string name, string symbol)
func (hokusaiToken *HokusaiToken) UnpackInitializedEvent(log *types.Log) (*HokusaiTokenInitialized, error) {
	event := "Initialized"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != hokusaiToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(HokusaiTokenInitialized)
	if len(log.Data) > 0 {
		if err := hokusaiToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range hokusaiToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// HokusaiTokenTransfer represents a Transfer event raised by the HokusaiToken contract.
type HokusaiTokenTransfer struct {
	From  common.Address
	To    common.Address
	Value *big.Int
	Raw   *types.Log // Blockchain specific contextual infos
}

const HokusaiTokenTransferEventName = "Transfer"

// ContractEventName returns the user-defined event name.
func (HokusaiTokenTransfer) ContractEventName() string {
	return HokusaiTokenTransferEventName
}

// UnpackTransferEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (hokusaiToken *HokusaiToken) UnpackTransferEvent(log *types.Log) (*HokusaiTokenTransfer, error) {
	event := "Transfer"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != hokusaiToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(HokusaiTokenTransfer)
	if len(log.Data) > 0 {
		if err := hokusaiToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range hokusaiToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (hokusaiToken *HokusaiToken) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], hokusaiToken.abi.Errors["AlreadyInitialized"].ID.Bytes()[:4]) {
		return hokusaiToken.UnpackAlreadyInitializedError(raw[4:])
	}
	if bytes.Equal(raw[:4], hokusaiToken.abi.Errors["ERC20InsufficientAllowance"].ID.Bytes()[:4]) {
		return hokusaiToken.UnpackERC20InsufficientAllowanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], hokusaiToken.abi.Errors["ERC20InsufficientBalance"].ID.Bytes()[:4]) {
		return hokusaiToken.UnpackERC20InsufficientBalanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], hokusaiToken.abi.Errors["ERC20InvalidApprover"].ID.Bytes()[:4]) {
		return hokusaiToken.UnpackERC20InvalidApproverError(raw[4:])
	}
	if bytes.Equal(raw[:4], hokusaiToken.abi.Errors["ERC20InvalidReceiver"].ID.Bytes()[:4]) {
		return hokusaiToken.UnpackERC20InvalidReceiverError(raw[4:])
	}
	if bytes.Equal(raw[:4], hokusaiToken.abi.Errors["ERC20InvalidSender"].ID.Bytes()[:4]) {
		return hokusaiToken.UnpackERC20InvalidSenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], hokusaiToken.abi.Errors["ERC20InvalidSpender"].ID.Bytes()[:4]) {
		return hokusaiToken.UnpackERC20InvalidSpenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], hokusaiToken.abi.Errors["NotController"].ID.Bytes()[:4]) {
		return hokusaiToken.UnpackNotControllerError(raw[4:])
	}
	if bytes.Equal(raw[:4], hokusaiToken.abi.Errors["ZeroController"].ID.Bytes()[:4]) {
		return hokusaiToken.UnpackZeroControllerError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// HokusaiTokenAlreadyInitialized represents a AlreadyInitialized error raised by the HokusaiToken contract.
type HokusaiTokenAlreadyInitialized struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyInitialized()
func HokusaiTokenAlreadyInitializedErrorID() common.Hash {
	return common.HexToHash("0x0dc149f07762891dbcea3fe72770f3d63a1863fc54b2f084e8c59ec476996927")
}

// UnpackAlreadyInitializedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyInitialized()
func (hokusaiToken *HokusaiToken) UnpackAlreadyInitializedError(raw []byte) (*HokusaiTokenAlreadyInitialized, error) {
	out := new(HokusaiTokenAlreadyInitialized)
	if err := hokusaiToken.abi.UnpackIntoInterface(out, "AlreadyInitialized", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// HokusaiTokenERC20InsufficientAllowance represents a ERC20InsufficientAllowance error raised by the HokusaiToken contract.
type HokusaiTokenERC20InsufficientAllowance struct {
	Spender   common.Address
	Allowance *big.Int
	Needed    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func HokusaiTokenERC20InsufficientAllowanceErrorID() common.Hash {
	return common.HexToHash("0xfb8f41b23e99d2101d86da76cdfa87dd51c82ed07d3cb62cbc473e469dbc75c3")
}

// UnpackERC20InsufficientAllowanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func (hokusaiToken *HokusaiToken) UnpackERC20InsufficientAllowanceError(raw []byte) (*HokusaiTokenERC20InsufficientAllowance, error) {
	out := new(HokusaiTokenERC20InsufficientAllowance)
	if err := hokusaiToken.abi.UnpackIntoInterface(out, "ERC20InsufficientAllowance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// HokusaiTokenERC20InsufficientBalance represents a ERC20InsufficientBalance error raised by the HokusaiToken contract.
type HokusaiTokenERC20InsufficientBalance struct {
	Sender  common.Address
	Balance *big.Int
	Needed  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func HokusaiTokenERC20InsufficientBalanceErrorID() common.Hash {
	return common.HexToHash("0xe450d38cd8d9f7d95077d567d60ed49c7254716e6ad08fc9872816c97e0ffec6")
}

// UnpackERC20InsufficientBalanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func (hokusaiToken *HokusaiToken) UnpackERC20InsufficientBalanceError(raw []byte) (*HokusaiTokenERC20InsufficientBalance, error) {
	out := new(HokusaiTokenERC20InsufficientBalance)
	if err := hokusaiToken.abi.UnpackIntoInterface(out, "ERC20InsufficientBalance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// HokusaiTokenERC20InvalidApprover represents a ERC20InvalidApprover error raised by the HokusaiToken contract.
type HokusaiTokenERC20InvalidApprover struct {
	Approver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidApprover(address approver)
func HokusaiTokenERC20InvalidApproverErrorID() common.Hash {
	return common.HexToHash("0xe602df05cc75712490294c6c104ab7c17f4030363910a7a2626411c6d3118847")
}

// UnpackERC20InvalidApproverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidApprover(address approver)
func (hokusaiToken *HokusaiToken) UnpackERC20InvalidApproverError(raw []byte) (*HokusaiTokenERC20InvalidApprover, error) {
	out := new(HokusaiTokenERC20InvalidApprover)
	if err := hokusaiToken.abi.UnpackIntoInterface(out, "ERC20InvalidApprover", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// HokusaiTokenERC20InvalidReceiver represents a ERC20InvalidReceiver error raised by the HokusaiToken contract.
type HokusaiTokenERC20InvalidReceiver struct {
	Receiver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func HokusaiTokenERC20InvalidReceiverErrorID() common.Hash {
	return common.HexToHash("0xec442f055133b72f3b2f9f0bb351c406b178527de2040a7d1feb4e058771f613")
}

// UnpackERC20InvalidReceiverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func (hokusaiToken *HokusaiToken) UnpackERC20InvalidReceiverError(raw []byte) (*HokusaiTokenERC20InvalidReceiver, error) {
	out := new(HokusaiTokenERC20InvalidReceiver)
	if err := hokusaiToken.abi.UnpackIntoInterface(out, "ERC20InvalidReceiver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// HokusaiTokenERC20InvalidSender represents a ERC20InvalidSender error raised by the HokusaiToken contract.
type HokusaiTokenERC20InvalidSender struct {
	Sender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSender(address sender)
func HokusaiTokenERC20InvalidSenderErrorID() common.Hash {
	return common.HexToHash("0x96c6fd1edd0cd6ef7ff0ecc0facdf53148dc0048b57fe58af65755250a7a96bd")
}

// UnpackERC20InvalidSenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSender(address sender)
func (hokusaiToken *HokusaiToken) UnpackERC20InvalidSenderError(raw []byte) (*HokusaiTokenERC20InvalidSender, error) {
	out := new(HokusaiTokenERC20InvalidSender)
	if err := hokusaiToken.abi.UnpackIntoInterface(out, "ERC20InvalidSender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// HokusaiTokenERC20InvalidSpender represents a ERC20InvalidSpender error raised by the HokusaiToken contract.
type HokusaiTokenERC20InvalidSpender struct {
	Spender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSpender(address spender)
func HokusaiTokenERC20InvalidSpenderErrorID() common.Hash {
	return common.HexToHash("0x94280d62c347d8d9f4d59a76ea321452406db88df38e0c9da304f58b57b373a2")
}

// UnpackERC20InvalidSpenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSpender(address spender)
func (hokusaiToken *HokusaiToken) UnpackERC20InvalidSpenderError(raw []byte) (*HokusaiTokenERC20InvalidSpender, error) {
	out := new(HokusaiTokenERC20InvalidSpender)
	if err := hokusaiToken.abi.UnpackIntoInterface(out, "ERC20InvalidSpender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// HokusaiTokenNotController represents a NotController error raised by the HokusaiToken contract.
type HokusaiTokenNotController struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotController(address caller)
func HokusaiTokenNotControllerErrorID() common.Hash {
	return common.HexToHash("0x66719b7a0a95dbc958b0affb0a1579766aeb05d9186213ce7301372b253ca785")
}

// UnpackNotControllerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotController(address caller)
func (hokusaiToken *HokusaiToken) UnpackNotControllerError(raw []byte) (*HokusaiTokenNotController, error) {
	out := new(HokusaiTokenNotController)
	if err := hokusaiToken.abi.UnpackIntoInterface(out, "NotController", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// HokusaiTokenZeroController represents a ZeroController error raised by the HokusaiToken contract.
type HokusaiTokenZeroController struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroController()
func HokusaiTokenZeroControllerErrorID() common.Hash {
	return common.HexToHash("0x2f62e27566494fbbc2bff7cf41280c470a1c8b708b788409155e2dd632fa7ec8")
}

// UnpackZeroControllerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroController()
func (hokusaiToken *HokusaiToken) UnpackZeroControllerError(raw []byte) (*HokusaiTokenZeroController, error) {
	out := new(HokusaiTokenZeroController)
	if err := hokusaiToken.abi.UnpackIntoInterface(out, "ZeroController", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ModelRegistryMetaData contains all meta data concerning the ModelRegistry contract.
var ModelRegistryMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"initialOwner\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"EmptyModelId\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"ModelAlreadyRegistered\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"OwnableInvalidOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"OwnableUnauthorizedAccount\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"}],\"name\":\"TokenAlreadyRegistered\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroToken\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"modelKey\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"performanceMetric\",\"type\":\"string\"}],\"name\":\"ModelRegistered\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"previousOwner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"OwnershipTransferred\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"}],\"name\":\"getModel\",\"outputs\":[{\"components\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"registeredAt\",\"type\":\"uint64\"},{\"internalType\":\"string\",\"name\":\"performanceMetric\",\"type\":\"string\"}],\"internalType\":\"structModelRegistry.Model\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"}],\"name\":\"isRegistered\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"modelOf\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"string\",\"name\":\"performanceMetric\",\"type\":\"string\"}],\"name\":\"registerModel\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"renounceOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"}],\"name\":\"tokenOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"transferOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "b36fd4c0795a1f1faca1f9a5da1569518c",
	Bin: "0x6080604052348015600e575f5ffd5b50604051610b99380380610b99833981016040819052602b9160b4565b806001600160a01b038116605857604051631e4fbdf760e01b81525f600482015260240160405180910390fd5b605f816065565b505060df565b5f80546001600160a01b038381166001600160a01b0319831681178455604051919092169283917f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e09190a35050565b5f6020828403121560c3575f5ffd5b81516001600160a01b038116811460d8575f5ffd5b9392505050565b610aad806100ec5f395ff3fe608060405234801561000f575f5ffd5b5060043610610085575f3560e01c8063c822d7f011610058578063c822d7f0146100f3578063f2fde38b14610116578063f780133114610129578063fab574041461013c575f5ffd5b8063673b184214610089578063715018a6146100b25780638da5cb5b146100bc57806397158235146100e0575b5f5ffd5b61009c61009736600461064c565b61015c565b6040516100a9919061069a565b60405180910390f35b6100ba610205565b005b5f546001600160a01b03165b6040516001600160a01b0390911681526020016100a9565b6100c86100ee3660046106f1565b610218565b6101066101013660046106f1565b610255565b60405190151581526020016100a9565b6100ba61012436600461064c565b61029e565b6100ba610137366004610730565b6102e0565b61014f61014a3660046106f1565b6104a3565b6040516100a991906107b1565b6001600160a01b0381165f908152600260205260409020805460609190610182906107f9565b80601f01602080910402602001604051908101604052809291908181526020018280546101ae906107f9565b80156101f95780601f106101d0576101008083540402835291602001916101f9565b820191905f5260205f20905b8154815290600101906020018083116101dc57829003601f168201915b50505050509050919050565b61020d6105b6565b6102165f6105e2565b565b5f60015f848460405161022c929190610831565b604080519182900390912082526020820192909252015f20546001600160a01b03169392505050565b5f5f6001600160a01b031660015f8585604051610273929190610831565b604080519182900390912082526020820192909252015f20546001600160a01b031614159392505050565b6102a66105b6565b6001600160a01b0381166102d457604051631e4fbdf760e01b81525f60048201526024015b60405180910390fd5b6102dd816105e2565b50565b6102e86105b6565b5f84900361030957604051637547f43760e01b815260040160405180910390fd5b6001600160a01b0383166103305760405163ad1991f560e01b815260040160405180910390fd5b5f8585604051610341929190610831565b60408051918290039091205f8181526001602052919091208054919250906001600160a01b03161561039657805460405163f09e5e9d60e01b81526102cb91899189916001600160a01b031690600401610868565b6001600160a01b0385165f90815260026020526040902080546103b8906107f9565b1590506103f2576001600160a01b0385165f908152600260205260409081902090516319c8876160e31b81526102cb918791600401610893565b805467ffffffffffffffff4216600160a01b026001600160e01b03199091166001600160a01b038716171781556001810161042e84868361098c565b506001600160a01b0385165f90815260026020526040902061045187898361098c565b50846001600160a01b0316827f8427526d1af6e8ecf8c4c28c33500da814119932c7d90613e0d4c4c142bf10ac898988886040516104929493929190610a46565b60405180910390a350505050505050565b60408051606080820183525f80835260208301529181019190915260015f84846040516104d1929190610831565b604080519182900390912082526020808301939093529081015f20815160608101835281546001600160a01b0381168252600160a01b900467ffffffffffffffff1693810193909352600181018054919284019161052e906107f9565b80601f016020809104026020016040519081016040528092919081815260200182805461055a906107f9565b80156105a55780601f1061057c576101008083540402835291602001916105a5565b820191905f5260205f20905b81548152906001019060200180831161058857829003601f168201915b505050505081525050905092915050565b5f546001600160a01b031633146102165760405163118cdaa760e01b81523360048201526024016102cb565b5f80546001600160a01b038381166001600160a01b0319831681178455604051919092169283917f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e09190a35050565b80356001600160a01b0381168114610647575f5ffd5b919050565b5f6020828403121561065c575f5ffd5b61066582610631565b9392505050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f610665602083018461066c565b5f5f83601f8401126106bc575f5ffd5b50813567ffffffffffffffff8111156106d3575f5ffd5b6020830191508360208285010111156106ea575f5ffd5b9250929050565b5f5f60208385031215610702575f5ffd5b823567ffffffffffffffff811115610718575f5ffd5b610724858286016106ac565b90969095509350505050565b5f5f5f5f5f60608688031215610744575f5ffd5b853567ffffffffffffffff81111561075a575f5ffd5b610766888289016106ac565b9096509450610779905060208701610631565b9250604086013567ffffffffffffffff811115610794575f5ffd5b6107a0888289016106ac565b969995985093965092949392505050565b6020815260018060a01b03825116602082015267ffffffffffffffff60208301511660408201525f60408301516060808401526107f1608084018261066c565b949350505050565b600181811c9082168061080d57607f821691505b60208210810361082b57634e487b7160e01b5f52602260045260245ffd5b50919050565b818382375f9101908152919050565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b604081525f61087b604083018587610840565b905060018060a01b0383166020830152949350505050565b6001600160a01b03831681526040602082015281545f9081906108b5816107f9565b806040860152600182165f81146108d357600181146108ef57610920565b60ff1983166060870152606082151560051b8701019350610920565b865f5260205f205f5b83811015610917578154888201606001526001909101906020016108f8565b87016060019450505b50919695505050505050565b634e487b7160e01b5f52604160045260245ffd5b601f82111561098757805f5260205f20601f840160051c810160208510156109655750805b601f840160051c820191505b81811015610984575f8155600101610971565b50505b505050565b67ffffffffffffffff8311156109a4576109a461092c565b6109b8836109b283546107f9565b83610940565b5f601f8411600181146109e9575f85156109d25750838201355b5f19600387901b1c1916600186901b178355610984565b5f83815260208120601f198716915b82811015610a1857868501358255602094850194600190920191016109f8565b5086821015610a34575f1960f88860031b161c19848701351681555b505060018560011b0183555050505050565b604081525f610a59604083018688610840565b8281036020840152610a6c818587610840565b97965050505050505056fea2646970667358221220bda8df02608c9ecd5769a98e4eaf7b79d7af14ba43ded9623aeb2712b4f2699664736f6c634300081c0033",
}

// ModelRegistry is an auto generated Go binding around an Ethereum contract.
type ModelRegistry struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ModelRegistry) GetABI() abi.ABI {
	return c.abi
}

// NewModelRegistry creates a new instance of ModelRegistry.
func NewModelRegistry() *ModelRegistry {
	parsed, err := ModelRegistryMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ModelRegistry{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ModelRegistry) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address initialOwner) returns()
func (modelRegistry *ModelRegistry) PackConstructor(initialOwner common.Address) []byte {
	enc, err := modelRegistry.abi.Pack("", initialOwner)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackGetModel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfab57404.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getModel(string modelId) view returns((address,uint64,string))
func (modelRegistry *ModelRegistry) PackGetModel(modelId string) []byte {
	enc, err := modelRegistry.abi.Pack("getModel", modelId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetModel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfab57404.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getModel(string modelId) view returns((address,uint64,string))
func (modelRegistry *ModelRegistry) TryPackGetModel(modelId string) ([]byte, error) {
	return modelRegistry.abi.Pack("getModel", modelId)
}

// UnpackGetModel is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfab57404.
//
// Solidity: function getModel(string modelId) view returns((address,uint64,string))
func (modelRegistry *ModelRegistry) UnpackGetModel(data []byte) (ModelRegistryModel, error) {
	out, err := modelRegistry.abi.Unpack("getModel", data)
	if err != nil {
		return *new(ModelRegistryModel), err
	}
	out0 := *abi.ConvertType(out[0], new(ModelRegistryModel)).(*ModelRegistryModel)
	return out0, nil
}

// PackIsRegistered is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc822d7f0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isRegistered(string modelId) view returns(bool)
func (modelRegistry *ModelRegistry) PackIsRegistered(modelId string) []byte {
	enc, err := modelRegistry.abi.Pack("isRegistered", modelId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsRegistered is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc822d7f0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isRegistered(string modelId) view returns(bool)
func (modelRegistry *ModelRegistry) TryPackIsRegistered(modelId string) ([]byte, error) {
	return modelRegistry.abi.Pack("isRegistered", modelId)
}

// UnpackIsRegistered is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc822d7f0.
//
// Solidity: function isRegistered(string modelId) view returns(bool)
func (modelRegistry *ModelRegistry) UnpackIsRegistered(data []byte) (bool, error) {
	out, err := modelRegistry.abi.Unpack("isRegistered", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackModelOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x673b1842.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function modelOf(address token) view returns(string)
func (modelRegistry *ModelRegistry) PackModelOf(token common.Address) []byte {
	enc, err := modelRegistry.abi.Pack("modelOf", token)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackModelOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x673b1842.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function modelOf(address token) view returns(string)
func (modelRegistry *ModelRegistry) TryPackModelOf(token common.Address) ([]byte, error) {
	return modelRegistry.abi.Pack("modelOf", token)
}

// UnpackModelOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x673b1842.
//
// Solidity: function modelOf(address token) view returns(string)
func (modelRegistry *ModelRegistry) UnpackModelOf(data []byte) (string, error) {
	out, err := modelRegistry.abi.Unpack("modelOf", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function owner() view returns(address)
func (modelRegistry *ModelRegistry) PackOwner() []byte {
	enc, err := modelRegistry.abi.Pack("owner")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function owner() view returns(address)
func (modelRegistry *ModelRegistry) TryPackOwner() ([]byte, error) {
	return modelRegistry.abi.Pack("owner")
}

// UnpackOwner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (modelRegistry *ModelRegistry) UnpackOwner(data []byte) (common.Address, error) {
	out, err := modelRegistry.abi.Unpack("owner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRegisterModel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf7801331.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registerModel(string modelId, address token, string performanceMetric) returns()
func (modelRegistry *ModelRegistry) PackRegisterModel(modelId string, token common.Address, performanceMetric string) []byte {
	enc, err := modelRegistry.abi.Pack("registerModel", modelId, token, performanceMetric)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegisterModel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf7801331.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registerModel(string modelId, address token, string performanceMetric) returns()
func (modelRegistry *ModelRegistry) TryPackRegisterModel(modelId string, token common.Address, performanceMetric string) ([]byte, error) {
	return modelRegistry.abi.Pack("registerModel", modelId, token, performanceMetric)
}

// PackRenounceOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x715018a6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function renounceOwnership() returns()
func (modelRegistry *ModelRegistry) PackRenounceOwnership() []byte {
	enc, err := modelRegistry.abi.Pack("renounceOwnership")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRenounceOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x715018a6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function renounceOwnership() returns()
func (modelRegistry *ModelRegistry) TryPackRenounceOwnership() ([]byte, error) {
	return modelRegistry.abi.Pack("renounceOwnership")
}

// PackTokenOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x97158235.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function tokenOf(string modelId) view returns(address)
func (modelRegistry *ModelRegistry) PackTokenOf(modelId string) []byte {
	enc, err := modelRegistry.abi.Pack("tokenOf", modelId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTokenOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x97158235.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function tokenOf(string modelId) view returns(address)
func (modelRegistry *ModelRegistry) TryPackTokenOf(modelId string) ([]byte, error) {
	return modelRegistry.abi.Pack("tokenOf", modelId)
}

// UnpackTokenOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x97158235.
//
// Solidity: function tokenOf(string modelId) view returns(address)
func (modelRegistry *ModelRegistry) UnpackTokenOf(data []byte) (common.Address, error) {
	out, err := modelRegistry.abi.Unpack("tokenOf", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackTransferOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2fde38b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (modelRegistry *ModelRegistry) PackTransferOwnership(newOwner common.Address) []byte {
	enc, err := modelRegistry.abi.Pack("transferOwnership", newOwner)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2fde38b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (modelRegistry *ModelRegistry) TryPackTransferOwnership(newOwner common.Address) ([]byte, error) {
	return modelRegistry.abi.Pack("transferOwnership", newOwner)
}

// ModelRegistryModelRegistered represents a ModelRegistered event raised by the ModelRegistry contract.
type ModelRegistryModelRegistered struct {
	ModelKey          [32]byte
	Token             common.Address
	ModelId           string
	PerformanceMetric string
	Raw               *types.Log // Blockchain specific contextual infos
}

const ModelRegistryModelRegisteredEventName = "ModelRegistered"

// ContractEventName returns the user-defined event name.
func (ModelRegistryModelRegistered) ContractEventName() string {
	return ModelRegistryModelRegisteredEventName
}

// UnpackModelRegisteredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ModelRegistered(bytes32 indexed modelKey, address indexed token, string modelId, string performanceMetric)
func (modelRegistry *ModelRegistry) UnpackModelRegisteredEvent(log *types.Log) (*ModelRegistryModelRegistered, error) {
	event := "ModelRegistered"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != modelRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ModelRegistryModelRegistered)
	if len(log.Data) > 0 {
		if err := modelRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range modelRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ModelRegistryOwnershipTransferred represents a OwnershipTransferred event raised by the ModelRegistry contract.
type ModelRegistryOwnershipTransferred struct {
	PreviousOwner common.Address
	NewOwner      common.Address
	Raw           *types.Log // Blockchain specific contextual infos
}

const ModelRegistryOwnershipTransferredEventName = "OwnershipTransferred"

// ContractEventName returns the user-defined event name.
func (ModelRegistryOwnershipTransferred) ContractEventName() string {
	return ModelRegistryOwnershipTransferredEventName
}

// UnpackOwnershipTransferredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)
func (modelRegistry *ModelRegistry) UnpackOwnershipTransferredEvent(log *types.Log) (*ModelRegistryOwnershipTransferred, error) {
	event := "OwnershipTransferred"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != modelRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ModelRegistryOwnershipTransferred)
	if len(log.Data) > 0 {
		if err := modelRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range modelRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (modelRegistry *ModelRegistry) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], modelRegistry.abi.Errors["EmptyModelId"].ID.Bytes()[:4]) {
		return modelRegistry.UnpackEmptyModelIdError(raw[4:])
	}
	if bytes.Equal(raw[:4], modelRegistry.abi.Errors["ModelAlreadyRegistered"].ID.Bytes()[:4]) {
		return modelRegistry.UnpackModelAlreadyRegisteredError(raw[4:])
	}
	if bytes.Equal(raw[:4], modelRegistry.abi.Errors["OwnableInvalidOwner"].ID.Bytes()[:4]) {
		return modelRegistry.UnpackOwnableInvalidOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], modelRegistry.abi.Errors["OwnableUnauthorizedAccount"].ID.Bytes()[:4]) {
		return modelRegistry.UnpackOwnableUnauthorizedAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], modelRegistry.abi.Errors["TokenAlreadyRegistered"].ID.Bytes()[:4]) {
		return modelRegistry.UnpackTokenAlreadyRegisteredError(raw[4:])
	}
	if bytes.Equal(raw[:4], modelRegistry.abi.Errors["ZeroToken"].ID.Bytes()[:4]) {
		return modelRegistry.UnpackZeroTokenError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// ModelRegistryEmptyModelId represents a EmptyModelId error raised by the ModelRegistry contract.
type ModelRegistryEmptyModelId struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyModelId()
func ModelRegistryEmptyModelIdErrorID() common.Hash {
	return common.HexToHash("0x7547f43710167dfa2ded3f94ce9e85f3ea19d9f1e986ec043c5b55b11d48a1cb")
}

// UnpackEmptyModelIdError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyModelId()
func (modelRegistry *ModelRegistry) UnpackEmptyModelIdError(raw []byte) (*ModelRegistryEmptyModelId, error) {
	out := new(ModelRegistryEmptyModelId)
	if err := modelRegistry.abi.UnpackIntoInterface(out, "EmptyModelId", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ModelRegistryModelAlreadyRegistered represents a ModelAlreadyRegistered error raised by the ModelRegistry contract.
type ModelRegistryModelAlreadyRegistered struct {
	ModelId string
	Token   common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ModelAlreadyRegistered(string modelId, address token)
func ModelRegistryModelAlreadyRegisteredErrorID() common.Hash {
	return common.HexToHash("0xf09e5e9da898b9ab6ed6b8d3054af4ad4a40ecb572e5ebef8d3cd97e7734c0be")
}

// UnpackModelAlreadyRegisteredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ModelAlreadyRegistered(string modelId, address token)
func (modelRegistry *ModelRegistry) UnpackModelAlreadyRegisteredError(raw []byte) (*ModelRegistryModelAlreadyRegistered, error) {
	out := new(ModelRegistryModelAlreadyRegistered)
	if err := modelRegistry.abi.UnpackIntoInterface(out, "ModelAlreadyRegistered", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ModelRegistryOwnableInvalidOwner represents a OwnableInvalidOwner error raised by the ModelRegistry contract.
type ModelRegistryOwnableInvalidOwner struct {
	Owner common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error OwnableInvalidOwner(address owner)
func ModelRegistryOwnableInvalidOwnerErrorID() common.Hash {
	return common.HexToHash("0x1e4fbdf7f3ef8bcaa855599e3abf48b232380f183f08f6f813d9ffa5bd585188")
}

// UnpackOwnableInvalidOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error OwnableInvalidOwner(address owner)
func (modelRegistry *ModelRegistry) UnpackOwnableInvalidOwnerError(raw []byte) (*ModelRegistryOwnableInvalidOwner, error) {
	out := new(ModelRegistryOwnableInvalidOwner)
	if err := modelRegistry.abi.UnpackIntoInterface(out, "OwnableInvalidOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ModelRegistryOwnableUnauthorizedAccount represents a OwnableUnauthorizedAccount error raised by the ModelRegistry contract.
type ModelRegistryOwnableUnauthorizedAccount struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error OwnableUnauthorizedAccount(address account)
func ModelRegistryOwnableUnauthorizedAccountErrorID() common.Hash {
	return common.HexToHash("0x118cdaa7a341953d1887a2245fd6665d741c67c8c50581daa59e1d03373fa188")
}

// UnpackOwnableUnauthorizedAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error OwnableUnauthorizedAccount(address account)
func (modelRegistry *ModelRegistry) UnpackOwnableUnauthorizedAccountError(raw []byte) (*ModelRegistryOwnableUnauthorizedAccount, error) {
	out := new(ModelRegistryOwnableUnauthorizedAccount)
	if err := modelRegistry.abi.UnpackIntoInterface(out, "OwnableUnauthorizedAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ModelRegistryTokenAlreadyRegistered represents a TokenAlreadyRegistered error raised by the ModelRegistry contract.
type ModelRegistryTokenAlreadyRegistered struct {
	Token   common.Address
	ModelId string
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TokenAlreadyRegistered(address token, string modelId)
func ModelRegistryTokenAlreadyRegisteredErrorID() common.Hash {
	return common.HexToHash("0xce443b08c595be0a9b0a6295f15530fd055181cbce6fc8f23c55b03b4ad37335")
}

// UnpackTokenAlreadyRegisteredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TokenAlreadyRegistered(address token, string modelId)
func (modelRegistry *ModelRegistry) UnpackTokenAlreadyRegisteredError(raw []byte) (*ModelRegistryTokenAlreadyRegistered, error) {
	out := new(ModelRegistryTokenAlreadyRegistered)
	if err := modelRegistry.abi.UnpackIntoInterface(out, "TokenAlreadyRegistered", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ModelRegistryZeroToken represents a ZeroToken error raised by the ModelRegistry contract.
type ModelRegistryZeroToken struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroToken()
func ModelRegistryZeroTokenErrorID() common.Hash {
	return common.HexToHash("0xad1991f5b668db6ba8bd803a982b422e706e04bb48af3e23f18a7ddfa8e56f4d")
}

// UnpackZeroTokenError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroToken()
func (modelRegistry *ModelRegistry) UnpackZeroTokenError(raw []byte) (*ModelRegistryZeroToken, error) {
	out := new(ModelRegistryZeroToken)
	if err := modelRegistry.abi.UnpackIntoInterface(out, "ZeroToken", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// TokenManagerMetaData contains all meta data concerning the TokenManager contract.
var TokenManagerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"initialOwner\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"EmptyModelId\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"FailedDeployment\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"balance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"InsufficientBalance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"OwnableInvalidOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"OwnableUnauthorizedAccount\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"TokenAlreadyDeployed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"}],\"name\":\"UnknownModel\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"previousOwner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"OwnershipTransferred\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"modelKey\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"name\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"symbol\",\"type\":\"string\"}],\"name\":\"TokenDeployed\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"},{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"burnFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"name\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"symbol\",\"type\":\"string\"},{\"internalType\":\"address\",\"name\":\"initialHolder\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"initialSupply\",\"type\":\"uint256\"}],\"name\":\"deployToken\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"implementation\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"}],\"name\":\"modelKey\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"}],\"name\":\"predictAddress\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"renounceOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"modelId\",\"type\":\"string\"}],\"name\":\"tokenOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"transferOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "9f8241d0ad3f2b7f094b138caeb22f24b5",
	Bin: "0x60a060405234801561000f575f5ffd5b5060405161187338038061187383398101604081905261002e916100fa565b806001600160a01b03811661005c57604051631e4fbdf760e01b81525f600482015260240160405180910390fd5b6100658161009e565b50604051610072906100ed565b604051809103905ff08015801561008b573d5f5f3e3d5ffd5b506001600160a01b031660805250610127565b5f80546001600160a01b038381166001600160a01b0319831681178455604051919092169283917f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e09190a35050565b610d6380610b1083390190565b5f6020828403121561010a575f5ffd5b81516001600160a01b0381168114610120575f5ffd5b9392505050565b6080516109c461014c5f395f818160e901528181610196015261035101526109c45ff3fe608060405234801561000f575f5ffd5b506004361061009b575f3560e01c80638da5cb5b116100635780638da5cb5b146101265780639715823514610136578063a3f03c4214610149578063cc58444a1461015c578063f2fde38b1461017d575f5ffd5b80631ee49ac41461009f57806323e7e924146100cf5780635c60da1b146100e4578063715018a61461010b5780637e8816b914610113575b5f5ffd5b6100b26100ad366004610703565b610190565b6040516001600160a01b0390911681526020015b60405180910390f35b6100e26100dd36600461075d565b6101cd565b005b6100b27f000000000000000000000000000000000000000000000000000000000000000081565b6100e2610245565b6100e261012136600461075d565b610258565b5f546001600160a01b03166100b2565b6100b2610144366004610703565b6102a1565b6100b26101573660046107b5565b6102cf565b61016f61016a366004610703565b6104b9565b6040519081526020016100c6565b6100e261018b36600461086f565b6104da565b5f6101c47f00000000000000000000000000000000000000000000000000000000000000006101bf85856104b9565b610517565b90505b92915050565b6101d561057f565b6101df84846105ab565b60405163079cc67960e41b81526001600160a01b0384811660048301526024820184905291909116906379cc6790906044015b5f604051808303815f87803b158015610229575f5ffd5b505af115801561023b573d5f5f3e3d5ffd5b5050505050505050565b61024d61057f565b6102565f6105f6565b565b61026061057f565b61026a84846105ab565b6040516340c10f1960e01b81526001600160a01b0384811660048301526024820184905291909116906340c10f1990604401610212565b5f60015f6102af85856104b9565b815260208101919091526040015f20546001600160a01b03169392505050565b5f6102d861057f565b5f8890036102f957604051637547f43760e01b815260040160405180910390fd5b5f6103048a8a6104b9565b5f818152600160205260409020549091506001600160a01b0316801561034c578a8a826040516339df4b8360e01b8152600401610343939291906108b0565b60405180910390fd5b6103767f000000000000000000000000000000000000000000000000000000000000000083610645565b5f838152600160205260409081902080546001600160a01b0319166001600160a01b03841690811790915590516303bf912560e11b81529194509063077f224a906103cd908c908c908c908c9030906004016108db565b5f604051808303815f87803b1580156103e4575f5ffd5b505af11580156103f6573d5f5f3e3d5ffd5b50505050835f1461045f576040516340c10f1960e01b81526001600160a01b038681166004830152602482018690528416906340c10f19906044015f604051808303815f87803b158015610448575f5ffd5b505af115801561045a573d5f5f3e3d5ffd5b505050505b826001600160a01b0316827f8949b94edaeeff55c6cce05edcdef478959fc1efb0fbf98b4393a3646070c44b8d8d8d8d8d8d6040516104a39695949392919061091c565b60405180910390a3505098975050505050505050565b5f82826040516104ca929190610964565b6040518091039020905092915050565b6104e261057f565b6001600160a01b03811661050b57604051631e4fbdf760e01b81525f6004820152602401610343565b610514816105f6565b50565b6040513060388201526f5af43d82803e903d91602b57fd5bf3ff602482015260148101839052733d602d80600a3d3981f3363d3d373d3d3d363d738152605881018290526037600c820120607882015260556043909101205f906001600160a01b03166101c4565b5f546001600160a01b031633146102565760405163118cdaa760e01b8152336004820152602401610343565b5f60015f6105b985856104b9565b815260208101919091526040015f20546001600160a01b03169050806101c757828260405163453151b360e01b8152600401610343929190610973565b5f80546001600160a01b038381166001600160a01b0319831681178455604051919092169283917f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e09190a35050565b5f6101c483838380763d602d80600a3d3981f3363d3d373d3d3d363d730000008460601b60e81c175f526e5af43d82803e903d91602b57fd5bf38460781b17602052826037600984f590506001600160a01b0381166106b75760405163b06ebf3d60e01b815260040160405180910390fd5b9392505050565b5f5f83601f8401126106ce575f5ffd5b50813567ffffffffffffffff8111156106e5575f5ffd5b6020830191508360208285010111156106fc575f5ffd5b9250929050565b5f5f60208385031215610714575f5ffd5b823567ffffffffffffffff81111561072a575f5ffd5b610736858286016106be565b90969095509350505050565b80356001600160a01b0381168114610758575f5ffd5b919050565b5f5f5f5f60608587031215610770575f5ffd5b843567ffffffffffffffff811115610786575f5ffd5b610792878288016106be565b90955093506107a5905060208601610742565b9396929550929360400135925050565b5f5f5f5f5f5f5f5f60a0898b0312156107cc575f5ffd5b883567ffffffffffffffff8111156107e2575f5ffd5b6107ee8b828c016106be565b909950975050602089013567ffffffffffffffff81111561080d575f5ffd5b6108198b828c016106be565b909750955050604089013567ffffffffffffffff811115610838575f5ffd5b6108448b828c016106be565b9095509350610857905060608a01610742565b979a9699509497939692959194509192608001359150565b5f6020828403121561087f575f5ffd5b6101c482610742565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b604081525f6108c3604083018587610888565b905060018060a01b0383166020830152949350505050565b606081525f6108ee606083018789610888565b8281036020840152610901818688610888565b91505060018060a01b03831660408301529695505050505050565b606081525f61092f60608301888a610888565b8281036020840152610942818789610888565b90508281036040840152610957818587610888565b9998505050505050505050565b818382375f9101908152919050565b602081525f610986602083018486610888565b94935050505056fea264697066735822122069ca845657daa8d6f95d315475e4ee477afb6153ede4b8e2d5a05aedc5edb0ac64736f6c634300081c0033608060405234801561000f575f5ffd5b5060408051602080820183525f808352835191820190935291825290600361003783826100f6565b50600461004482826100f6565b5050600780546001600160a01b03191630179055506101b0565b634e487b7160e01b5f52604160045260245ffd5b600181811c9082168061008657607f821691505b6020821081036100a457634e487b7160e01b5f52602260045260245ffd5b50919050565b601f8211156100f157805f5260205f20601f840160051c810160208510156100cf5750805b601f840160051c820191505b818110156100ee575f81556001016100db565b50505b505050565b81516001600160401b0381111561010f5761010f61005e565b6101238161011d8454610072565b846100aa565b6020601f821160018114610155575f831561013e5750848201515b5f19600385901b1c1916600184901b1784556100ee565b5f84815260208120601f198516915b828110156101845787850151825560209485019460019092019101610164565b50848210156101a157868401515f19600387901b60f8161c191681555b50505050600190811b01905550565b610ba6806101bd5f395ff3fe608060405234801561000f575f5ffd5b50600436106100e5575f3560e01c806342966c681161008857806395d89b411161006357806395d89b41146101d4578063a9059cbb146101dc578063dd62ed3e146101ef578063f77c479114610227575f5ffd5b806342966c681461018657806370a082311461019957806379cc6790146101c1575f5ffd5b806318160ddd116100c357806318160ddd1461013f57806323b872dd14610151578063313ce5671461016457806340c10f1914610173575f5ffd5b806306fdde03146100e9578063077f224a14610107578063095ea7b31461011c575b5f5ffd5b6100f1610242565b6040516100fe91906107c8565b60405180910390f35b61011a61011536600461085d565b6102d2565b005b61012f61012a3660046108dd565b6103a1565b60405190151581526020016100fe565b6002545b6040519081526020016100fe565b61012f61015f366004610905565b6103ba565b604051601281526020016100fe565b61011a6101813660046108dd565b6103dd565b61011a61019436600461093f565b61041d565b6101436101a7366004610956565b6001600160a01b03165f9081526020819052604090205490565b61011a6101cf3660046108dd565b61042a565b6100f1610461565b61012f6101ea3660046108dd565b610470565b6101436101fd366004610976565b6001600160a01b039182165f90815260016020908152604080832093909416825291909152205490565b6007546040516001600160a01b0390911681526020016100fe565b606060058054610251906109a7565b80601f016020809104026020016040519081016040528092919081815260200182805461027d906109a7565b80156102c85780601f1061029f576101008083540402835291602001916102c8565b820191905f5260205f20905b8154815290600101906020018083116102ab57829003601f168201915b5050505050905090565b6007546001600160a01b0316156102fb5760405162dc149f60e41b815260040160405180910390fd5b6001600160a01b03811661032257604051632f62e27560e01b815260040160405180910390fd5b600561032f858783610a3e565b50600661033d838583610a3e565b50600780546001600160a01b0319166001600160a01b0383169081179091556040517f82dfd53401a55bb491abcb3e7a97c99da1ed7eaffd89721d3e96e8e8ad4a692d90610392908890889088908890610b20565b60405180910390a25050505050565b5f336103ae81858561047d565b60019150505b92915050565b5f336103c785828561048f565b6103d285858561050b565b506001949350505050565b6007546001600160a01b0316331461040f57604051633338cdbd60e11b81523360048201526024015b60405180910390fd5b6104198282610568565b5050565b610427338261059c565b50565b6007546001600160a01b0316331461045757604051633338cdbd60e11b8152336004820152602401610406565b610419828261059c565b606060068054610251906109a7565b5f336103ae81858561050b565b61048a83838360016105d0565b505050565b6001600160a01b038381165f908152600160209081526040808320938616835292905220545f1981101561050557818110156104f757604051637dc7a0d960e11b81526001600160a01b03841660048201526024810182905260448101839052606401610406565b61050584848484035f6105d0565b50505050565b6001600160a01b03831661053457604051634b637e8f60e11b81525f6004820152602401610406565b6001600160a01b03821661055d5760405163ec442f0560e01b81525f6004820152602401610406565b61048a8383836106a2565b6001600160a01b0382166105915760405163ec442f0560e01b81525f6004820152602401610406565b6104195f83836106a2565b6001600160a01b0382166105c557604051634b637e8f60e11b81525f6004820152602401610406565b610419825f836106a2565b6001600160a01b0384166105f95760405163e602df0560e01b81525f6004820152602401610406565b6001600160a01b03831661062257604051634a1406b160e11b81525f6004820152602401610406565b6001600160a01b038085165f908152600160209081526040808320938716835292905220829055801561050557826001600160a01b0316846001600160a01b03167f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b9258460405161069491815260200190565b60405180910390a350505050565b6001600160a01b0383166106cc578060025f8282546106c19190610b51565b9091555061073c9050565b6001600160a01b0383165f908152602081905260409020548181101561071e5760405163391434e360e21b81526001600160a01b03851660048201526024810182905260448101839052606401610406565b6001600160a01b0384165f9081526020819052604090209082900390555b6001600160a01b03821661075857600280548290039055610776565b6001600160a01b0382165f9081526020819052604090208054820190555b816001600160a01b0316836001600160a01b03167fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef836040516107bb91815260200190565b60405180910390a3505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b5f5f83601f84011261080d575f5ffd5b50813567ffffffffffffffff811115610824575f5ffd5b60208301915083602082850101111561083b575f5ffd5b9250929050565b80356001600160a01b0381168114610858575f5ffd5b919050565b5f5f5f5f5f60608688031215610871575f5ffd5b853567ffffffffffffffff811115610887575f5ffd5b610893888289016107fd565b909650945050602086013567ffffffffffffffff8111156108b2575f5ffd5b6108be888289016107fd565b90945092506108d1905060408701610842565b90509295509295909350565b5f5f604083850312156108ee575f5ffd5b6108f783610842565b946020939093013593505050565b5f5f5f60608486031215610917575f5ffd5b61092084610842565b925061092e60208501610842565b929592945050506040919091013590565b5f6020828403121561094f575f5ffd5b5035919050565b5f60208284031215610966575f5ffd5b61096f82610842565b9392505050565b5f5f60408385031215610987575f5ffd5b61099083610842565b915061099e60208401610842565b90509250929050565b600181811c908216806109bb57607f821691505b6020821081036109d957634e487b7160e01b5f52602260045260245ffd5b50919050565b634e487b7160e01b5f52604160045260245ffd5b601f82111561048a57805f5260205f20601f840160051c81016020851015610a185750805b601f840160051c820191505b81811015610a37575f8155600101610a24565b5050505050565b67ffffffffffffffff831115610a5657610a566109df565b610a6a83610a6483546109a7565b836109f3565b5f601f841160018114610a9b575f8515610a845750838201355b5f19600387901b1c1916600186901b178355610a37565b5f83815260208120601f198716915b82811015610aca5786850135825560209485019460019092019101610aaa565b5086821015610ae6575f1960f88860031b161c19848701351681555b505060018560011b0183555050505050565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b604081525f610b33604083018688610af8565b8281036020840152610b46818587610af8565b979650505050505050565b808201808211156103b457634e487b7160e01b5f52601160045260245ffdfea2646970667358221220d00f6c8b89215302c172c15af678f37baf4d6ae90817fd5286e38cf6fd41a8ca64736f6c634300081c0033",
}

// TokenManager is an auto generated Go binding around an Ethereum contract.
type TokenManager struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *TokenManager) GetABI() abi.ABI {
	return c.abi
}

// NewTokenManager creates a new instance of TokenManager.
func NewTokenManager() *TokenManager {
	parsed, err := TokenManagerMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &TokenManager{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *TokenManager) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address initialOwner) returns()
func (tokenManager *TokenManager) PackConstructor(initialOwner common.Address) []byte {
	enc, err := tokenManager.abi.Pack("", initialOwner)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackBurnFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23e7e924.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function burnFrom(string modelId, address from, uint256 amount) returns()
func (tokenManager *TokenManager) PackBurnFrom(modelId string, from common.Address, amount *big.Int) []byte {
	enc, err := tokenManager.abi.Pack("burnFrom", modelId, from, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBurnFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23e7e924.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function burnFrom(string modelId, address from, uint256 amount) returns()
func (tokenManager *TokenManager) TryPackBurnFrom(modelId string, from common.Address, amount *big.Int) ([]byte, error) {
	return tokenManager.abi.Pack("burnFrom", modelId, from, amount)
}

// PackDeployToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa3f03c42.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deployToken(string modelId, string name, string symbol, address initialHolder, uint256 initialSupply) returns(address token)
func (tokenManager *TokenManager) PackDeployToken(modelId string, name string, symbol string, initialHolder common.Address, initialSupply *big.Int) []byte {
	enc, err := tokenManager.abi.Pack("deployToken", modelId, name, symbol, initialHolder, initialSupply)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeployToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa3f03c42.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deployToken(string modelId, string name, string symbol, address initialHolder, uint256 initialSupply) returns(address token)
func (tokenManager *TokenManager) TryPackDeployToken(modelId string, name string, symbol string, initialHolder common.Address, initialSupply *big.Int) ([]byte, error) {
	return tokenManager.abi.Pack("deployToken", modelId, name, symbol, initialHolder, initialSupply)
}

// UnpackDeployToken is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa3f03c42.
//
// Solidity: function deployToken(string modelId, string name, string symbol, address initialHolder, uint256 initialSupply) returns(address token)
func (tokenManager *TokenManager) UnpackDeployToken(data []byte) (common.Address, error) {
	out, err := tokenManager.abi.Unpack("deployToken", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackImplementation is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c60da1b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function implementation() view returns(address)
func (tokenManager *TokenManager) PackImplementation() []byte {
	enc, err := tokenManager.abi.Pack("implementation")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackImplementation is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c60da1b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function implementation() view returns(address)
func (tokenManager *TokenManager) TryPackImplementation() ([]byte, error) {
	return tokenManager.abi.Pack("implementation")
}

// UnpackImplementation is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5c60da1b.
//
// Solidity: function implementation() view returns(address)
func (tokenManager *TokenManager) UnpackImplementation(data []byte) (common.Address, error) {
	out, err := tokenManager.abi.Unpack("implementation", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7e8816b9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint(string modelId, address to, uint256 amount) returns()
func (tokenManager *TokenManager) PackMint(modelId string, to common.Address, amount *big.Int) []byte {
	enc, err := tokenManager.abi.Pack("mint", modelId, to, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7e8816b9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mint(string modelId, address to, uint256 amount) returns()
func (tokenManager *TokenManager) TryPackMint(modelId string, to common.Address, amount *big.Int) ([]byte, error) {
	return tokenManager.abi.Pack("mint", modelId, to, amount)
}

// PackModelKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcc58444a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function modelKey(string modelId) pure returns(bytes32)
func (tokenManager *TokenManager) PackModelKey(modelId string) []byte {
	enc, err := tokenManager.abi.Pack("modelKey", modelId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackModelKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcc58444a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function modelKey(string modelId) pure returns(bytes32)
func (tokenManager *TokenManager) TryPackModelKey(modelId string) ([]byte, error) {
	return tokenManager.abi.Pack("modelKey", modelId)
}

// UnpackModelKey is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xcc58444a.
//
// Solidity: function modelKey(string modelId) pure returns(bytes32)
func (tokenManager *TokenManager) UnpackModelKey(data []byte) ([32]byte, error) {
	out, err := tokenManager.abi.Unpack("modelKey", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function owner() view returns(address)
func (tokenManager *TokenManager) PackOwner() []byte {
	enc, err := tokenManager.abi.Pack("owner")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function owner() view returns(address)
func (tokenManager *TokenManager) TryPackOwner() ([]byte, error) {
	return tokenManager.abi.Pack("owner")
}

// UnpackOwner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (tokenManager *TokenManager) UnpackOwner(data []byte) (common.Address, error) {
	out, err := tokenManager.abi.Unpack("owner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackPredictAddress is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1ee49ac4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function predictAddress(string modelId) view returns(address)
func (tokenManager *TokenManager) PackPredictAddress(modelId string) []byte {
	enc, err := tokenManager.abi.Pack("predictAddress", modelId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPredictAddress is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1ee49ac4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function predictAddress(string modelId) view returns(address)
func (tokenManager *TokenManager) TryPackPredictAddress(modelId string) ([]byte, error) {
	return tokenManager.abi.Pack("predictAddress", modelId)
}

// UnpackPredictAddress is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1ee49ac4.
//
// Solidity: function predictAddress(string modelId) view returns(address)
func (tokenManager *TokenManager) UnpackPredictAddress(data []byte) (common.Address, error) {
	out, err := tokenManager.abi.Unpack("predictAddress", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRenounceOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x715018a6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function renounceOwnership() returns()
func (tokenManager *TokenManager) PackRenounceOwnership() []byte {
	enc, err := tokenManager.abi.Pack("renounceOwnership")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRenounceOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x715018a6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function renounceOwnership() returns()
func (tokenManager *TokenManager) TryPackRenounceOwnership() ([]byte, error) {
	return tokenManager.abi.Pack("renounceOwnership")
}

// PackTokenOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x97158235.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function tokenOf(string modelId) view returns(address)
func (tokenManager *TokenManager) PackTokenOf(modelId string) []byte {
	enc, err := tokenManager.abi.Pack("tokenOf", modelId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTokenOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x97158235.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function tokenOf(string modelId) view returns(address)
func (tokenManager *TokenManager) TryPackTokenOf(modelId string) ([]byte, error) {
	return tokenManager.abi.Pack("tokenOf", modelId)
}

// UnpackTokenOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x97158235.
//
// Solidity: function tokenOf(string modelId) view returns(address)
func (tokenManager *TokenManager) UnpackTokenOf(data []byte) (common.Address, error) {
	out, err := tokenManager.abi.Unpack("tokenOf", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackTransferOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2fde38b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (tokenManager *TokenManager) PackTransferOwnership(newOwner common.Address) []byte {
	enc, err := tokenManager.abi.Pack("transferOwnership", newOwner)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2fde38b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (tokenManager *TokenManager) TryPackTransferOwnership(newOwner common.Address) ([]byte, error) {
	return tokenManager.abi.Pack("transferOwnership", newOwner)
}

// TokenManagerOwnershipTransferred represents a OwnershipTransferred event raised by the TokenManager contract.
type TokenManagerOwnershipTransferred struct {
	PreviousOwner common.Address
	NewOwner      common.Address
	Raw           *types.Log // Blockchain specific contextual infos
}

const TokenManagerOwnershipTransferredEventName = "OwnershipTransferred"

// ContractEventName returns the user-defined event name.
func (TokenManagerOwnershipTransferred) ContractEventName() string {
	return TokenManagerOwnershipTransferredEventName
}

// UnpackOwnershipTransferredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)
func (tokenManager *TokenManager) UnpackOwnershipTransferredEvent(log *types.Log) (*TokenManagerOwnershipTransferred, error) {
	event := "OwnershipTransferred"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != tokenManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(TokenManagerOwnershipTransferred)
	if len(log.Data) > 0 {
		if err := tokenManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range tokenManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// TokenManagerTokenDeployed represents a TokenDeployed event raised by the TokenManager contract.
type TokenManagerTokenDeployed struct {
	ModelKey [32]byte
	Token    common.Address
	ModelId  string
	Name     string
	Symbol   string
	Raw      *types.Log // Blockchain specific contextual infos
}

const TokenManagerTokenDeployedEventName = "TokenDeployed"

// ContractEventName returns the user-defined event name.
func (TokenManagerTokenDeployed) ContractEventName() string {
	return TokenManagerTokenDeployedEventName
}

// UnpackTokenDeployedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event TokenDeployed(bytes32 indexed modelKey, address indexed token, string modelId, string name, string symbol)
func (tokenManager *TokenManager) UnpackTokenDeployedEvent(log *types.Log) (*TokenManagerTokenDeployed, error) {
	event := "TokenDeployed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != tokenManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(TokenManagerTokenDeployed)
	if len(log.Data) > 0 {
		if err := tokenManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range tokenManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (tokenManager *TokenManager) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], tokenManager.abi.Errors["EmptyModelId"].ID.Bytes()[:4]) {
		return tokenManager.UnpackEmptyModelIdError(raw[4:])
	}
	if bytes.Equal(raw[:4], tokenManager.abi.Errors["FailedDeployment"].ID.Bytes()[:4]) {
		return tokenManager.UnpackFailedDeploymentError(raw[4:])
	}
	if bytes.Equal(raw[:4], tokenManager.abi.Errors["InsufficientBalance"].ID.Bytes()[:4]) {
		return tokenManager.UnpackInsufficientBalanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], tokenManager.abi.Errors["OwnableInvalidOwner"].ID.Bytes()[:4]) {
		return tokenManager.UnpackOwnableInvalidOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], tokenManager.abi.Errors["OwnableUnauthorizedAccount"].ID.Bytes()[:4]) {
		return tokenManager.UnpackOwnableUnauthorizedAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], tokenManager.abi.Errors["TokenAlreadyDeployed"].ID.Bytes()[:4]) {
		return tokenManager.UnpackTokenAlreadyDeployedError(raw[4:])
	}
	if bytes.Equal(raw[:4], tokenManager.abi.Errors["UnknownModel"].ID.Bytes()[:4]) {
		return tokenManager.UnpackUnknownModelError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// TokenManagerEmptyModelId represents a EmptyModelId error raised by the TokenManager contract.
type TokenManagerEmptyModelId struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyModelId()
func TokenManagerEmptyModelIdErrorID() common.Hash {
	return common.HexToHash("0x7547f43710167dfa2ded3f94ce9e85f3ea19d9f1e986ec043c5b55b11d48a1cb")
}

// UnpackEmptyModelIdError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyModelId()
func (tokenManager *TokenManager) UnpackEmptyModelIdError(raw []byte) (*TokenManagerEmptyModelId, error) {
	out := new(TokenManagerEmptyModelId)
	if err := tokenManager.abi.UnpackIntoInterface(out, "EmptyModelId", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// TokenManagerFailedDeployment represents a FailedDeployment error raised by the TokenManager contract.
type TokenManagerFailedDeployment struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error FailedDeployment()
func TokenManagerFailedDeploymentErrorID() common.Hash {
	return common.HexToHash("0xb06ebf3d5067824a3fe5d5ba19471e035a7de6c88dac362c77b162830a5b9093")
}

// UnpackFailedDeploymentError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error FailedDeployment()
func (tokenManager *TokenManager) UnpackFailedDeploymentError(raw []byte) (*TokenManagerFailedDeployment, error) {
	out := new(TokenManagerFailedDeployment)
	if err := tokenManager.abi.UnpackIntoInterface(out, "FailedDeployment", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// TokenManagerInsufficientBalance represents a InsufficientBalance error raised by the TokenManager contract.
type TokenManagerInsufficientBalance struct {
	Balance *big.Int
	Needed  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InsufficientBalance(uint256 balance, uint256 needed)
func TokenManagerInsufficientBalanceErrorID() common.Hash {
	return common.HexToHash("0xcf4791818fba6e019216eb4864093b4947f674afada5d305e57d598b641dad1d")
}

// UnpackInsufficientBalanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InsufficientBalance(uint256 balance, uint256 needed)
func (tokenManager *TokenManager) UnpackInsufficientBalanceError(raw []byte) (*TokenManagerInsufficientBalance, error) {
	out := new(TokenManagerInsufficientBalance)
	if err := tokenManager.abi.UnpackIntoInterface(out, "InsufficientBalance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// TokenManagerOwnableInvalidOwner represents a OwnableInvalidOwner error raised by the TokenManager contract.
type TokenManagerOwnableInvalidOwner struct {
	Owner common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error OwnableInvalidOwner(address owner)
func TokenManagerOwnableInvalidOwnerErrorID() common.Hash {
	return common.HexToHash("0x1e4fbdf7f3ef8bcaa855599e3abf48b232380f183f08f6f813d9ffa5bd585188")
}

// UnpackOwnableInvalidOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error OwnableInvalidOwner(address owner)
func (tokenManager *TokenManager) UnpackOwnableInvalidOwnerError(raw []byte) (*TokenManagerOwnableInvalidOwner, error) {
	out := new(TokenManagerOwnableInvalidOwner)
	if err := tokenManager.abi.UnpackIntoInterface(out, "OwnableInvalidOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// TokenManagerOwnableUnauthorizedAccount represents a OwnableUnauthorizedAccount error raised by the TokenManager contract.
type TokenManagerOwnableUnauthorizedAccount struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error OwnableUnauthorizedAccount(address account)
func TokenManagerOwnableUnauthorizedAccountErrorID() common.Hash {
	return common.HexToHash("0x118cdaa7a341953d1887a2245fd6665d741c67c8c50581daa59e1d03373fa188")
}

// UnpackOwnableUnauthorizedAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error OwnableUnauthorizedAccount(address account)
func (tokenManager *TokenManager) UnpackOwnableUnauthorizedAccountError(raw []byte) (*TokenManagerOwnableUnauthorizedAccount, error) {
	out := new(TokenManagerOwnableUnauthorizedAccount)
	if err := tokenManager.abi.UnpackIntoInterface(out, "OwnableUnauthorizedAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// TokenManagerTokenAlreadyDeployed represents a TokenAlreadyDeployed error raised by the TokenManager contract.
type TokenManagerTokenAlreadyDeployed struct {
	ModelId string
	Token   common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TokenAlreadyDeployed(string modelId, address token)
func TokenManagerTokenAlreadyDeployedErrorID() common.Hash {
	return common.HexToHash("0x39df4b83af7c783f3598d703617e13d333613a7774b0f4e572e34fa138faa345")
}

// UnpackTokenAlreadyDeployedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TokenAlreadyDeployed(string modelId, address token)
func (tokenManager *TokenManager) UnpackTokenAlreadyDeployedError(raw []byte) (*TokenManagerTokenAlreadyDeployed, error) {
	out := new(TokenManagerTokenAlreadyDeployed)
	if err := tokenManager.abi.UnpackIntoInterface(out, "TokenAlreadyDeployed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// TokenManagerUnknownModel represents a UnknownModel error raised by the TokenManager contract.
type TokenManagerUnknownModel struct {
	ModelId string
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownModel(string modelId)
func TokenManagerUnknownModelErrorID() common.Hash {
	return common.HexToHash("0x453151b391721eea18e22dbb315c23345dddbf6a7024f8e52034bdd93e0002b3")
}

// UnpackUnknownModelError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownModel(string modelId)
func (tokenManager *TokenManager) UnpackUnknownModelError(raw []byte) (*TokenManagerUnknownModel, error) {
	out := new(TokenManagerUnknownModel)
	if err := tokenManager.abi.UnpackIntoInterface(out, "UnknownModel", raw); err != nil {
		return nil, err
	}
	return out, nil
}
